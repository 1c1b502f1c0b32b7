/**
 * Wall-clock arithmetic in IANA time zones with Intl only: the sandbox computes slots the way GHL does, in the
 * location's zone, and writes them with that zone's offset, so daylight-saving changes must come out right.
 */

/** A calendar date without a zone. `month` is 1-12. */
export interface LocalDate {
  year: number
  month: number
  day: number
}

/** A date and time of day as a wall clock in some zone shows it. */
export interface WallTime extends LocalDate {
  hour: number
  minute: number
  second: number
}

const MINUTE = 60_000
const DAY = 86_400_000
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** True when Intl knows the zone (an unknown `timezone` query is a 400, not a crash). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone)
    return true
  } catch {
    return false
  }
}

/** The wall time at instant `ms` in `timeZone`. */
export function wallTime(ms: number, timeZone: string): WallTime {
  const out: Record<string, number> = {}
  for (const part of formatter(timeZone).formatToParts(ms)) {
    if (part.type !== 'literal') out[part.type] = Number(part.value)
  }
  return {
    year: out.year!,
    month: out.month!,
    day: out.day!,
    hour: out.hour!,
    minute: out.minute!,
    second: out.second!,
  }
}

/** The zone's offset from UTC at instant `ms`, in minutes (New York in summer: -240). */
export function offsetMinutes(ms: number, timeZone: string): number {
  return offsetOf(ms, wallTime(ms, timeZone))
}

/** The offset implied by the wall time `w` that instant `ms` shows. */
function offsetOf(ms: number, w: WallTime): number {
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second)
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / MINUTE)
}

/**
 * The instant when the wall clock in `timeZone` shows `date` plus `minutes` after midnight. A wall time skipped
 * by a spring-forward change resolves to the instant one offset later, like most calendar software.
 */
export function zonedInstant(date: LocalDate, minutes: number, timeZone: string): number {
  const guess = Date.UTC(date.year, date.month - 1, date.day) + minutes * MINUTE
  const first = guess - offsetMinutes(guess, timeZone) * MINUTE
  const second = guess - offsetMinutes(first, timeZone) * MINUTE
  return offsetMinutes(second, timeZone) === offsetMinutes(first, timeZone) ? second : first
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0')

/** `YYYY-MM-DD` of a local date. */
export function formatDate(date: LocalDate): string {
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`
}

/** ISO 8601 with the zone's offset and no fraction, as GHL writes slots: `2026-03-09T09:00:00-04:00`. */
export function formatZoned(ms: number, timeZone: string): string {
  const w = wallTime(ms, timeZone)
  const offset = offsetOf(ms, w)
  const sign = offset < 0 ? '-' : '+'
  const time = `${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`
  return `${formatDate(w)}T${time}${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`
}

/** A wall time without an offset, as the spec's example for contact appointments writes it: `2021-07-16 11:00:00`. */
export function formatWall(ms: number, timeZone: string): string {
  const w = wallTime(ms, timeZone)
  return `${formatDate(w)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`
}

/** The local date `days` after `date` (negative goes back). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day) + days * DAY)
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }
}

/** The local date `months` after `date`, clamped to the last day of a shorter month. */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const first = new Date(Date.UTC(date.year, date.month - 1 + months, 1))
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate()
  return { year: first.getUTCFullYear(), month: first.getUTCMonth() + 1, day: Math.min(date.day, last) }
}

/** Day of the week of a local date, 0 = Sunday as in GHL's `daysOfTheWeek`. */
export function weekday(date: LocalDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay()
}

/** Compares local dates: negative, zero or positive. */
export function compareDates(a: LocalDate, b: LocalDate): number {
  return Date.UTC(a.year, a.month - 1, a.day) - Date.UTC(b.year, b.month - 1, b.day)
}
