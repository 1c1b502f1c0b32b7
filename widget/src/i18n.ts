/**
 * The widget's words. The message table is the contract's (contract/messages.ts): English is built in, names every
 * key and is the fallback for any message a catalog lacks. Other languages are JSON files (contract/locales/,
 * listed in contract/languages.ts) that the proxy serves at `/widget/locales/<lang>.json` and the widget fetches
 * beside the calendar, so visitors who read English never download them. Here: choosing a catalog, reading one,
 * and filling placeholders and plurals.
 */
import type { ComponentChild } from 'preact'
import { LANGUAGES, type Language } from '../../contract/languages.ts'
import { en, type Plural } from '../../contract/messages.ts'

export { en, type Plural }

/** The messages of one language, by key. */
export type Messages = typeof en

/**
 * The catalog the proxy serves for a locale, or undefined (English, or a language we do not have): an exact
 * match (`pt-BR`), else the first catalog of the same language (`pt-PT` reads `pt-BR`).
 */
export function remoteLanguage(locale: string): Language | undefined {
  const lower = locale.toLowerCase()
  const lang = lower.split('-')[0]
  return LANGUAGES.find((l) => l.toLowerCase() === lower) ?? LANGUAGES.find((l) => l.split('-')[0] === lang)
}

/** A fetched catalog over English: only messages of the English shape count (text, or plural forms). */
export const messagesFrom = (catalog: unknown): Messages => {
  const t: Record<string, unknown> = { ...en }
  for (const key in t) {
    const message = (catalog as Record<string, unknown> | null)?.[key]
    if (
      typeof message == typeof t[key] &&
      (typeof message == 'string' || typeof (message as Plural | null)?.other == 'string')
    )
      t[key] = message
  }
  return t as Messages
}

/** Fills placeholders with nodes, for a message shown as markup (an e-mail in a `<bdi>`). */
export const fillNodes = (message: string, values: Record<string, ComponentChild>): ComponentChild[] =>
  // split() with a capture group puts each placeholder's name at the odd indexes.
  message.split(/\{(\w+)\}/).map((part, i) => (i % 2 ? values[part] : part))

/** Fills `{name}` placeholders. */
export const fill = (message: string, values: Record<string, string | number>): string =>
  fillNodes(message, values).join('')

const rules = new Map<string, Intl.PluralRules>()

/** The form of a plural message for `n` in `locale`, with `{n}` (written the locale's way) and `values` filled. */
export const plural = (
  message: Plural,
  n: number,
  locale: string,
  values: Record<string, string | number> = {},
): string =>
  fill(
    message[(rules.get(locale) ?? rules.set(locale, new Intl.PluralRules(locale)).get(locale)!).select(n)] ??
      message.other,
    {
      ...values,
      n: n.toLocaleString(locale),
    },
  )
