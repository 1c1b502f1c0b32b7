/**
 * The compact shape of a slots answer (contract: `CompactSlotsResponse`): starts by local day of the visitor's
 * zone, the end implied by one duration. Built once per cached answer (slots-response.ts).
 */
import type { CompactSlotsResponse, Slot } from '../../../../contract/schemas.ts'
import { addMinutesKeepingOffset } from '../../time/offset.ts'
import { addDays, localDate, startOfLocalDate } from '../../time/zoned.ts'

/** The `durationMinutes` and `days` of the compact shape of `slots` (sorted by start), days in `timeZone`. */
export function compactSlots(
  slots: readonly Slot[],
  timeZone: string,
): Pick<CompactSlotsResponse, 'durationMinutes' | 'days'> {
  const first = slots[0]
  // One length for the whole answer: the first slot's. GHL's slots of one calendar all last as long.
  const durationMinutes = first ? Math.round((Date.parse(first.end) - Date.parse(first.start)) / 60_000) : 0
  const days: CompactSlotsResponse['days'] = {}
  let nextDayMs = -Infinity
  let list: CompactSlotsResponse['days'][string] = []
  for (const slot of slots) {
    const at = Date.parse(slot.start)
    // Slots are sorted: the local date is worked out once per day, not once per slot.
    if (at >= nextDayMs) {
      const day = localDate(at, timeZone)
      nextDayMs = startOfLocalDate(addDays(day, 1), timeZone)
      list = days[day] ??= []
    }
    // The rare slot of another length keeps its own end, so decoding gives back exactly the full shape.
    list.push(
      slot.end === addMinutesKeepingOffset(slot.start, durationMinutes) ? slot.start : [slot.start, slot.end],
    )
  }
  return { durationMinutes, days }
}
