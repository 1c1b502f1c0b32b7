/** The fixed windows the slot cache asks GHL for, and the slots of their answers. */
import { arrayBytes, objectBytes, stringBytes } from '../../cache/sizes.ts'
import type { Slot } from '../../../../contract/schemas.ts'
import type { GhlFreeSlots } from '../../ghl/types.ts'
import { addMinutesKeepingOffset } from '../../time/offset.ts'
import type { MonthWindow } from '../../time/zoned.ts'

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

/**
 * A window's free slots as the cache keeps them: sorted by start, each the `{ start, end }` object answers hand
 * out (a slice of a window shares them, so an answer costs a pointer per slot, not a copy), with their start
 * instants in a parallel typed array for the binary search.
 */
export interface SlotWindow {
  slots: readonly Slot[]
  /** `starts[i]` is the instant `slots[i].start` names, epoch ms. */
  starts: Float64Array
}

/** GHL's date-keyed slots as one window sorted by start, without duplicates, each with its end. */
export function parseWindow(days: GhlFreeSlots, durationMinutes: number): SlotWindow {
  const byStart = new Map<string, number>()
  for (const starts of Object.values(days)) for (const start of starts) byStart.set(start, Date.parse(start))
  const sorted = [...byStart].sort((a, b) => a[1] - b[1])
  return {
    slots: sorted.map(([start]) => ({ start, end: addMinutesKeepingOffset(start, durationMinutes) })),
    starts: Float64Array.from(sorted, ([, at]) => at),
  }
}

/**
 * The bytes a window holds (see cache/sizes.ts): per slot an object of two fields, its two strings and an array
 * element, plus 8 bytes of `starts`.
 */
export function windowBytes(window: SlotWindow): number {
  let bytes = objectBytes(2) + arrayBytes(window.slots.length) + 64 + window.starts.byteLength
  for (const slot of window.slots) bytes += objectBytes(2) + stringBytes(slot.start) + stringBytes(slot.end)
  return bytes
}

/** The slots of a window that start in `[fromMs, toMs)`: the window's own objects, in a new array. */
export function slotsBetween(window: SlotWindow, fromMs: number, toMs: number): Slot[] {
  const { starts } = window
  const firstAtOrAfter = (ms: number) => {
    let low = 0
    let high = starts.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (starts[middle]! < ms) low = middle + 1
      else high = middle
    }
    return low
  }
  return window.slots.slice(firstAtOrAfter(fromMs), firstAtOrAfter(toMs))
}
