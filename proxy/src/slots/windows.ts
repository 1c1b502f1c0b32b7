/** The fixed windows the slot cache asks GHL for, and the slots of their answers. */
import type { GhlFreeSlots } from '../ghl/types.ts'
import { addMinutesKeepingOffset } from '../time/offset.ts'
import type { MonthWindow } from '../time/zoned.ts'

/** GHL refuses a free-slots range longer than 31 days. */
const MAX_WINDOW_MS = 31 * 86_400_000

/**
 * Months as GHL windows. GHL is asked for `startMs` to `endMs - 1`, so a 31-day month fits in one call; a
 * 31-day month with a DST fall-back is an hour longer than GHL allows, so such a month is split at its 16th.
 * The split point is fixed, so keys stay the same for every visitor.
 */
export function fixedWindows(months: MonthWindow[]): { startMs: number; endMs: number }[] {
  return months.flatMap((month) => {
    if (month.endMs - 1 - month.startMs <= MAX_WINDOW_MS)
      return [{ startMs: month.startMs, endMs: month.endMs }]
    const middle = month.startMs + 15 * 86_400_000
    return [
      { startMs: month.startMs, endMs: middle },
      { startMs: middle, endMs: month.endMs },
    ]
  })
}

/** A free slot with its start instant, as the cache keeps it. */
export interface TimedSlot {
  start: string
  end: string
  at: number
}

/** GHL's date-keyed slots as one list sorted by start, without duplicates, each with its end. */
export function parseWindow(days: GhlFreeSlots, durationMinutes: number): TimedSlot[] {
  const byStart = new Map<string, TimedSlot>()
  for (const starts of Object.values(days)) {
    for (const start of starts)
      byStart.set(start, {
        start,
        end: addMinutesKeepingOffset(start, durationMinutes),
        at: Date.parse(start),
      })
  }
  return [...byStart.values()].sort((a, b) => a.at - b.at)
}

/** The slots of a sorted list that start in `[fromMs, toMs)`. */
export function slotsBetween(
  slots: readonly TimedSlot[],
  fromMs: number,
  toMs: number,
): readonly TimedSlot[] {
  const firstAtOrAfter = (ms: number) => {
    let low = 0
    let high = slots.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (slots[middle]!.at < ms) low = middle + 1
      else high = middle
    }
    return low
  }
  return slots.slice(firstAtOrAfter(fromMs), firstAtOrAfter(toMs))
}
