/** The fixed windows the slot cache asks GHL for, and slot end times. */
import type { MonthWindow } from '../time/zoned.ts'

/** GHL refuses a free-slots range longer than 31 days. */
const MAX_WINDOW_MS = 31 * 86_400_000

/**
 * Months as GHL windows. A 31-day month with a DST fall-back is an hour longer than GHL allows, so such a
 * month is split at its 16th; the split point is fixed, so keys stay the same for every visitor.
 */
export function fixedWindows(months: MonthWindow[]): { startMs: number; endMs: number }[] {
  return months.flatMap((month) => {
    if (month.endMs - month.startMs < MAX_WINDOW_MS) return [{ startMs: month.startMs, endMs: month.endMs }]
    const middle = month.startMs + 15 * 86_400_000
    return [
      { startMs: month.startMs, endMs: middle },
      { startMs: middle, endMs: month.endMs },
    ]
  })
}

const OFFSET = /(Z|[+-]\d{2}:?\d{2})$/

/** `start` plus `minutes`, written with the same UTC offset as `start` (`2025-03-03T09:30:00-05:00`). */
export function slotEnd(start: string, minutes: number): string {
  const at = Date.parse(start) + minutes * 60_000
  const suffix = OFFSET.exec(start)?.[1] ?? 'Z'
  if (suffix === 'Z') return new Date(at).toISOString().replace(/\.000Z$/, 'Z')
  const sign = suffix.startsWith('-') ? -1 : 1
  const digits = suffix.slice(1).replace(':', '')
  const offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)))
  const local = new Date(at + offsetMin * 60_000).toISOString().slice(0, 19)
  return `${local}${suffix.length === 5 ? `${suffix.slice(0, 3)}:${suffix.slice(3)}` : suffix}`
}
