/**
 * Date and time helpers, all through Intl. A day is a `YYYY-MM-DD` string and a month `YYYY-MM`: local
 * calendar values with no zone of their own, computed with UTC arithmetic so daylight saving never shifts them.
 */

const MS_PER_DAY = 86_400_000
const utc = (date: string) => new Date(`${date}T00:00:00Z`)
const iso = (d: Date) => d.toISOString().slice(0, 10)

/** The day `n` days after `date`. */
export const addDays = (date: string, n: number): string =>
  iso(new Date(utc(date).getTime() + n * MS_PER_DAY))

/** The month `n` months after `month`. */
export const addMonths = (month: string, n: number): string => {
  const [y, m] = month.split('-').map(Number)
  return iso(new Date(Date.UTC(y!, m! - 1 + n, 1))).slice(0, 7)
}

/** The last day of a month, `YYYY-MM-DD`. */
export const lastDayOf = (month: string): string => addDays(`${addMonths(month, 1)}-01`, -1)

/** Day of the week, 0 = Sunday. */
export const weekday = (date: string): number => utc(date).getUTCDay()

/** Formatters by locale and options. Building one costs far more than using it (a month grid needs dozens). */
const formatters = new Map<string, Intl.DateTimeFormat>()

/**
 * The formatter for `locale` and `options`, built once. Keys come from the code's few option sets times the
 * zones a visitor picks, so the map stays small; it is emptied past 2,000 entries all the same.
 */
export function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = locale + JSON.stringify(options)
  let format = formatters.get(key)
  if (!format) {
    if (formatters.size > 2000) formatters.clear()
    formatters.set(key, (format = new Intl.DateTimeFormat(locale, options)))
  }
  return format
}

/** A function that gives the local day (`YYYY-MM-DD`) of an instant in `timeZone`. */
export function dayKeyer(timeZone: string): (instant: string | number | Date) => string {
  // Swedish dates are written YYYY-MM-DD.
  const format = dateFormat('sv', { timeZone })
  return (instant) => format.format(new Date(instant))
}

/** The browser's own time zone. */
export const browserTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone

/** The first day of the week for a locale, 0 = Sunday (Monday when the browser cannot tell). */
export function localeWeekStart(locale: string): number {
  try {
    const l = new Intl.Locale(locale) as Intl.Locale & {
      getWeekInfo?: () => { firstDay: number }
      weekInfo?: { firstDay: number }
    }
    const info = l.getWeekInfo?.() ?? l.weekInfo
    if (info) return info.firstDay % 7
  } catch {
    // An old engine without week data: fall through.
  }
  return /-(US|CA|MX|BR|JP|IL|PH)$/i.test(locale) ? 0 : 1
}

/** The weeks of a month as rows of seven cells, `null` outside the month. */
export function monthWeeks(month: string, weekStart: number): (string | null)[][] {
  const first = `${month}-01`
  const cells: (string | null)[] = Array((weekday(first) - weekStart + 7) % 7).fill(null)
  for (let d = first; d.startsWith(month); d = addDays(d, 1)) cells.push(d)
  while (cells.length % 7) cells.push(null)
  const weeks = []
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7))
  return weeks
}

/** Formats a local day (no zone involved). */
export const formatDay = (date: string, locale: string, options: Intl.DateTimeFormatOptions): string =>
  dateFormat(locale, { ...options, timeZone: 'UTC' }).format(utc(date))

/** The fields of a day in full. */
const LONG_DAY: Intl.DateTimeFormatOptions = {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
}
/** The fields of a time, as the time buttons show it. */
const TIME: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' }

/** A day in full: "Monday, 12 January 2026". */
export const formatLongDay = (date: string, locale: string): string => formatDay(date, locale, LONG_DAY)

/** A month's title: "January 2026". */
export const formatMonth = (month: string, locale: string): string =>
  formatDay(`${month}-01`, locale, { month: 'long', year: 'numeric' })

/** The time of an instant in a zone, 12 or 24 hours from the locale unless `hourCycle` is given. */
export const formatTime = (
  instant: string,
  locale: string,
  timeZone: string,
  hourCycle?: 'h12' | 'h23',
): string => dateFormat(locale, { ...TIME, timeZone, hourCycle }).format(new Date(instant))

/**
 * The day and the time of an instant in a zone as one phrase, joined the locale's way by one formatter
 * ("Monday, 12 January 2026 at 9:00", "2026年1月12日月曜日 9:00"), never by a comma of ours.
 */
export const formatDayTime = (
  instant: string,
  locale: string,
  timeZone: string,
  hourCycle?: 'h12' | 'h23',
): string => dateFormat(locale, { ...LONG_DAY, ...TIME, timeZone, hourCycle }).format(new Date(instant))

/** The zone's long name at an instant ("Central European Standard Time"), or its IANA id. */
export function zoneName(timeZone: string, locale: string, at: string | number): string {
  const parts = dateFormat(locale, { timeZone, timeZoneName: 'long' }).formatToParts(new Date(at))
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone
}

/** Every IANA zone the browser knows, for the zone picker (with the current one, in case it is an alias). */
export function timeZones(current: string): string[] {
  const all =
    (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? []
  return all.includes(current) ? all : [current, ...all]
}
