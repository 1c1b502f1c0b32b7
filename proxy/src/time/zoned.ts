/**
 * Calendar arithmetic in an IANA zone with Intl only: local dates, local midnights, calendar-month windows.
 * The slot cache uses it to turn a visitor's local-date range into fixed windows of the location's zone.
 */

import { LRUCache } from 'lru-cache'
import { createBoundedMemo } from '../cache/bounded-memo.ts'
import { LRU_ENTRY_BYTES, stringBytes } from '../cache/sizes.ts'

const DAY_MS = 86_400_000

/**
 * What one formatter holds, mostly outside the JS heap (ICU's calendar and zone data): 47 KB of RSS each,
 * measured once on Node 20 over the 418 zones Intl lists (RSS after `gc()` around building them all).
 */
const FORMATTER_BYTES = 48 * 1024

// One formatter per zone spelling the contract lets through: the location zones, and the visitors', which a
// stranger can vary. 8 MiB keeps the 170 most recently used, more than real visitors spread over.
const formatters = new LRUCache<string, Intl.DateTimeFormat>({
  max: 1_000,
  maxSize: 8 * 1024 * 1024,
  sizeCalculation: (_, zone) => FORMATTER_BYTES + stringBytes(zone) + LRU_ENTRY_BYTES,
})

/** Bytes the cached formatters hold, as counted (at most 8 MiB). */
export const formatterBytes = (): number => formatters.calculatedSize

/** One cached formatter per zone: building an Intl.DateTimeFormat costs far more than using one. */
function formatterFor(zone: string): Intl.DateTimeFormat {
  let format = formatters.get(zone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(zone, format)
  }
  return format
}

/** The wall-clock fields of instant `ms` in `zone`. */
function wallClock(
  ms: number,
  zone: string,
): { y: number; m: number; d: number; h: number; mi: number; s: number } {
  const parts: Record<string, number> = {}
  for (const part of formatterFor(zone).formatToParts(ms)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value)
  }
  return {
    y: parts.year!,
    m: parts.month!,
    d: parts.day!,
    h: parts.hour!,
    mi: parts.minute!,
    s: parts.second!,
  }
}

/** How far `zone` is ahead of UTC at instant `ms`, in milliseconds. */
export function zoneOffsetMs(ms: number, zone: string): number {
  const w = wallClock(ms, zone)
  const asUtc = Date.UTC(w.y, w.m - 1, w.d, w.h, w.mi, w.s)
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000))
}

/** The local date `YYYY-MM-DD` of instant `ms` in `zone`. */
export function localDate(ms: number, zone: string): string {
  const w = wallClock(ms, zone)
  return `${String(w.y).padStart(4, '0')}-${String(w.m).padStart(2, '0')}-${String(w.d).padStart(2, '0')}`
}

// A key of a zone name and a date, and a number: a megabyte holds about ten thousand.
const midnights = createBoundedMemo<number>({
  maxBytes: 1024 * 1024,
  sizeOf: (key) => stringBytes(key) + 16 + 48,
})

/** The instant local `date` (`YYYY-MM-DD`) begins in `zone`; where a DST jump skips midnight, the first instant after. */
export function startOfLocalDate(date: string, zone: string): number {
  // Memoised: every slots request asks for the same few dates, and each answer costs several Intl calls.
  const key = `${zone} ${date}`
  let start = midnights.get(key)
  if (start === undefined) {
    midnights.set(key, (start = computeStartOfLocalDate(date, zone)))
  }
  return start
}

function computeStartOfLocalDate(date: string, zone: string): number {
  const wall = Date.parse(`${date}T00:00:00Z`)
  // Two passes: the offset at the first guess can differ from the offset at the answer around a DST change.
  let guess = wall - zoneOffsetMs(wall, zone)
  guess = wall - zoneOffsetMs(guess, zone)
  return localDate(guess, zone) < date ? guess + 3_600_000 : guess
}

/**
 * Every instant at which the wall clock of `zone` shows `date` (`YYYY-MM-DD`) plus `seconds` after midnight, in
 * order: one as a rule, two in the hour a fall-back change repeats, none in the hour a spring-forward change skips.
 */
export function instantsAtWallTime(date: string, seconds: number, zone: string): number[] {
  const wall = Date.parse(`${date}T00:00:00Z`) + seconds * 1000
  // The offsets in force a day either side (and at the guess) are every offset a change near this time involves.
  const offsets = new Set([-DAY_MS, 0, DAY_MS].map((shift) => zoneOffsetMs(wall + shift, zone)))
  return [...offsets]
    .map((offset) => wall - offset)
    .filter((ms) => zoneOffsetMs(ms, zone) === wall - ms)
    .sort((a, b) => a - b)
}

/** `date` plus `days` (negative allowed), as `YYYY-MM-DD`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
}

/** First day of the month after the month of `date`. */
function nextMonth(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number]
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`
}

/** A calendar month of the location's zone: `[startMs, endMs)` and its first day as the cache key part. */
export interface MonthWindow {
  month: string
  startMs: number
  endMs: number
}

/** The calendar months of `zone` that overlap the instants `[fromMs, toMs)`, in order. */
export function monthWindows(fromMs: number, toMs: number, zone: string): MonthWindow[] {
  const windows: MonthWindow[] = []
  let first = `${localDate(fromMs, zone).slice(0, 7)}-01`
  while (true) {
    const startMs = startOfLocalDate(first, zone)
    if (startMs >= toMs) break
    const following = nextMonth(first)
    windows.push({ month: first.slice(0, 7), startMs, endMs: startOfLocalDate(following, zone) })
    first = following
  }
  return windows
}
