/**
 * The requests a widget's first screen will make, started as soon as `widget.js` runs (main.ts), before the
 * first screen has drawn anything: the first screen takes them over by their URL (first-screen.ts), so the
 * calendar, the month's slots and the language travel at once, beside each other.
 */
import { routes } from '../../contract/schemas.ts'
import type { MountOptions } from './config.ts'
import { browserTimeZone, dayKeyer, lastDayOf } from './dates.ts'
import type { Loader } from './first-screen.ts'
import { remoteLanguage } from './i18n.ts'
import { linked } from './linked.ts'
import { localeUrl, slotsPath } from './urls.ts'

/**
 * Starts the requests the first screen of a widget will make, as the first screen will make them (the same URLs):
 * the calendar and this month's slots (inline only: a popup loads on first open) and the language's messages.
 * Options it cannot read start nothing; the first screen then asks for itself, or explains the configuration.
 */
export function startRequests(element: HTMLElement, options: MountOptions, origin: string): Loader['take'] {
  const early = new Map<string, Promise<Response>>()
  const start = (url: string) => {
    const request = fetch(url)
    // Handled here too: a request nobody takes over must not end as an unhandled rejection.
    request.catch(() => {})
    early.set(url, request)
  }
  try {
    const o = { ...element.dataset, ...options } as Record<string, unknown>
    const proxy = String(o.proxy || origin)
    const lang = remoteLanguage(String(o.locale ?? navigator.language ?? 'en'))
    if (lang) start(localeUrl(proxy, lang))
    const site = String(o.site ?? '').trim()
    const calendar = String(o.calendar ?? '').trim()
    if (site && calendar && o.mode !== 'popup' && !linked) {
      const zone = String(!o.timeZone || o.timeZone === 'auto' ? browserTimeZone() : o.timeZone)
      const today = dayKeyer(zone)(((o.now as () => number) ?? Date.now)())
      start(proxy + routes.calendar(site, calendar))
      start(proxy + slotsPath(routes, site, calendar, today, lastDayOf(today.slice(0, 7)), zone))
    }
  } catch {
    // A zone or a URL that does not parse: the first screen reports it.
  }
  return (url) => {
    const request = early.get(url)
    early.delete(url)
    return request
  }
}
