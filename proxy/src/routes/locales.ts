/**
 * `GET /widget/locales/:lang.json`: the widget's messages in a language other than English, which the widget
 * fetches beside the calendar so visitors who read English never download them (its size budget,
 * test/widget-size.test.ts). The catalogs are the widget's own JSON files, imported, so every runtime serves them.
 */
import type { Handler } from 'hono'
import { CATALOGS } from '../../../contract/catalogs.ts'
import { ProxyError } from '../errors.ts'
import { serveStaticAsset } from './static-asset.ts'

/** Message catalogs by language code (`es`, `pt-BR`): message key → text, or plural forms. */
export type Catalogs = Record<string, Record<string, string | Record<string, string>>>

/** The catalogs the widget ships besides its built-in English (the list: contract/languages.ts). */
export const WIDGET_LOCALES: Catalogs = CATALOGS

/** A language code (with a region: `pt-BR`) and the file extension, nothing else: no dots, slashes or encodings. */
const FILE = /^([a-z]{2}(?:-[A-Z]{2})?)\.json$/

/**
 * The handler for `/widget/locales/:file`. Bodies and strong ETags (SHA-256 through Web Crypto, so no runtime
 * module is needed) are computed once per handler. Caching as for `/widget.js`: short, with a long revalidation
 * window.
 */
export function localesHandler(catalogs: Catalogs, maxAgeSeconds = 300): Handler {
  const files = Promise.all(
    Object.entries(catalogs).map(async ([lang, messages]) => {
      const body = JSON.stringify(messages)
      const hash = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body))
      const hex = Array.from(new Uint8Array(hash), (b) => b.toString(16).padStart(2, '0')).join('')
      return [lang, { body, etag: `"${hex.slice(0, 32)}"` }] as const
    }),
  ).then((entries) => new Map(entries))
  return async function serveLocale(c) {
    const file = (await files).get(FILE.exec(c.req.param('file') ?? '')?.[1] ?? '')
    if (!file) throw new ProxyError(404, 'not_found', 'There is no such language.')
    return serveStaticAsset(c, file, 'application/json; charset=utf-8', maxAgeSeconds)
  }
}
