/**
 * Reading the times GHL writes. Most answers carry ISO 8601 with an offset (`2026-03-09T09:00:00-04:00`), but the
 * spec's example for `GET /contacts/{contactId}/appointments` is a bare wall time (`2021-07-16 11:00:00`): a time
 * of the location's zone. Such a time names one instant, two in the hour a fall-back change repeats, or none in
 * the hour a spring-forward change skips, so a reader gets every instant it may name.
 */
import { instantsAtWallTime } from '../time/zoned.ts'

const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i
const WALL_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/

/**
 * The instants a time from GHL may name, ascending: the one of an ISO time with an offset; for a wall time
 * without one, each instant at which `zone` (the location's) shows it. Empty for anything else.
 */
export function ghlInstants(value: string | undefined, zone: string): number[] {
  const text = value?.trim() ?? ''
  if (WITH_OFFSET.test(text)) {
    const ms = Date.parse(text)
    return Number.isNaN(ms) ? [] : [ms]
  }
  const wall = WALL_TIME.exec(text)
  if (!wall) return []
  const [, date, hours, minutes, seconds = '0'] = wall as unknown as [string, string, string, string, string?]
  const of = Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds)
  const midnight = Date.parse(`${date}T00:00:00Z`)
  // Date.parse rolls 2026-02-30 over into March: a date that does not exist, or 24:00 or 09:60, names nothing.
  const real = !Number.isNaN(midnight) && new Date(midnight).toISOString().startsWith(date)
  if (!real || Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59) return []
  return instantsAtWallTime(date, of, zone)
}
