/**
 * The languages the widget speaks besides its built-in English: the one list that the widget (which fetches a
 * catalog when the visitor's locale asks for one) and the proxy (which serves them, through catalogs.ts) read.
 * Each has a JSON file beside this one, named as listed; catalogs.ts fails to type-check when one is missing.
 */
export const LANGUAGES = ['es', 'de', 'fr', 'it', 'pt-BR', 'nl', 'pl', 'sv', 'ja', 'ar', 'he'] as const

/** A language the proxy serves (`pt-BR` serves every Portuguese locale). */
export type Language = (typeof LANGUAGES)[number]

/** Languages written right to left: the widget sets `dir="rtl"` and mirrors its layout and arrow keys. */
export const RTL = /^(ar|he|fa|ur)\b/i
