/**
 * Reading the slots route's answer: the compact shape the widget asks for (contract: `CompactSlotsResponse`),
 * and the full shape, which an older proxy answers with (it ignores `shape`): either gives the same slots.
 */
import type { CompactSlotsResponse, Slot, SlotsResponse } from '../../contract/schemas.ts'

/** A trailing UTC offset: `Z`, `±HH:MM` or `±HHMM`. */
const OFFSET = /(?:Z|([+-])(\d\d):?(\d\d))$/

/**
 * `start` plus `minutes`, written to the second in the UTC offset of `start` (`Z` when it has none): the end the
 * proxy gives a slot (its `addMinutesKeepingOffset`, which test/slots-shape.test.ts holds this to).
 */
export function slotEnd(start: string, minutes: number): string {
  const [, sign, hours, mins] = OFFSET.exec(start) ?? []
  const offsetMs = sign ? (sign === '-' ? -1 : 1) * (+hours! * 60 + +mins!) * 60_000 : 0
  const local = new Date(Date.parse(start) + minutes * 60_000 + offsetMs).toISOString().slice(0, 19)
  return sign ? `${local}${sign}${hours}:${mins}` : `${local}Z`
}

/** The slots of a slots answer in either shape, in order; undefined for an answer of neither shape. */
export function readSlots(body: Partial<CompactSlotsResponse & SlotsResponse>): Slot[] | undefined {
  if (Array.isArray(body.slots)) return body.slots
  if (typeof body.days != 'object' || !body.days) return undefined
  const slots: Slot[] = []
  for (const starts of Object.values(body.days))
    for (const start of starts)
      slots.push(
        typeof start == 'string'
          ? { start, end: slotEnd(start, body.durationMinutes!) }
          : { start: start[0], end: start[1] },
      )
  return slots
}
