/** Date arithmetic on GHL's slot strings, which carry their own UTC offset (`2026-03-02T09:00:00-05:00`). */

const OFFSET = /(Z|[+-]\d{2}:\d{2})$/

/** The offset of an ISO string in minutes east of UTC (`Z` → 0). */
function offsetMinutes(iso: string): number {
  const match = OFFSET.exec(iso)
  if (!match || match[1] === 'Z') return 0
  const sign = match[1]!.startsWith('-') ? -1 : 1
  const [h, m] = match[1]!.slice(1).split(':').map(Number)
  return sign * (h! * 60 + m!)
}

/** The instant `ms` written in the same offset as `reference`, so it reads like GHL's own strings. */
export function atOffsetOf(reference: string, ms: number): string {
  const match = OFFSET.exec(reference)
  const suffix = match ? match[1]! : 'Z'
  const shifted = new Date(ms + offsetMinutes(reference) * 60_000)
  return shifted.toISOString().slice(0, 19) + suffix
}

/** `start` plus `minutes`, in the offset of `start` (`2026-03-02T09:30:00-05:00`), not converted to UTC. */
export function addMinutesKeepingOffset(start: string, minutes: number): string {
  return atOffsetOf(start, Date.parse(start) + minutes * 60_000)
}

/** The calendar date (`YYYY-MM-DD`) on which an instant falls in `timeZone`. */
export function localDate(iso: string, timeZone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(iso))
}

/** Whether two ISO strings name the same instant, whatever offsets they are written in. */
export function sameInstant(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false
  const ta = Date.parse(a)
  return !Number.isNaN(ta) && ta === Date.parse(b)
}
