/**
 * The URLs the widget asks the proxy for, built in one place: the loader (main.ts) starts the first requests
 * with these, and the first screen takes those requests over by their URL (first-screen.ts), so both must
 * build the very same strings.
 */
import type { routes } from '../../contract/schemas.ts'

/** The path and query of a slots request, in the compact shape (contract: `SlotsShape`). */
export const slotsPath = (
  paths: typeof routes,
  site: string,
  calendar: string,
  from: string,
  to: string,
  timeZone: string,
): string => `${paths.slots(site, calendar)}?${new URLSearchParams({ from, to, timeZone, shape: 'compact' })}`

/** The URL of a language's messages (`GET /widget/locales/<lang>.json`). */
export const localeUrl = (proxy: string, lang: string): string => `${proxy}/widget/locales/${lang}.json`
