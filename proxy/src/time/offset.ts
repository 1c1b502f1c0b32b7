/**
 * Arithmetic on ISO strings that carry their own UTC offset, as GHL's slot strings do
 * (`2026-03-02T09:00:00-05:00`): results are written in the offset of the string they came from.
 */

/** A trailing UTC offset: `Z`, `±HH:MM`, or `±HHMM` (which results write as `±HH:MM`). */
const OFFSET = /(?:Z|([+-])(\d{2}):?(\d{2}))$/

/**
 * The instant `ms` written to the second in the UTC offset of `reference` (`Z` when it has none). Joined rather
 * than concatenated: V8 keeps a concatenation as a tree of its parts (about 200 bytes for this string, measured),
 * a join as one flat string (48), and the slot cache keeps one of these per free slot.
 */
export function atOffsetOf(reference: string, ms: number): string {
  const match = OFFSET.exec(reference)
  if (!match?.[1]) return [new Date(ms).toISOString().slice(0, 19), 'Z'].join('')
  const [, sign, hours, minutes] = match as unknown as [string, string, string, string]
  const offsetMs = (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes)) * 60_000
  return [new Date(ms + offsetMs).toISOString().slice(0, 19), sign, hours, ':', minutes].join('')
}

/** `start` plus `minutes`, in the offset of `start` (`2026-03-02T09:30:00-05:00`), not converted to UTC. */
export function addMinutesKeepingOffset(start: string, minutes: number): string {
  return atOffsetOf(start, Date.parse(start) + minutes * 60_000)
}

/** Whether two ISO strings name the same instant, whatever offsets they are written in. */
export function sameInstant(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false
  const ta = Date.parse(a)
  return !Number.isNaN(ta) && ta === Date.parse(b)
}
