/** What a visitor whose time is not free is offered instead: read from the slot cache, in the visitor's zone. */
import type { BookingRequest, CalendarInfo, Slot } from '../../../../contract/schemas.ts'
import type { Site } from '../../config/sites.ts'
import { sameInstant } from '../../time/offset.ts'
import { addDays, localDate } from '../../time/zoned.ts'
import type { SlotService } from '../../types.ts'

/** Days of free slots read at a time while looking for the next free day after a taken time. */
const SEARCH_SPAN_DAYS = 31

/**
 * The other free times of the request's day, then every free time of the next day that has any (within the
 * booking window), so a visitor who lost a day's last time is still offered something. Each day in the answer is
 * complete, so the widget can replace those days. `today` is the visitor's (in the request's zone). Rejects with
 * the slot service's error.
 */
export async function findAlternatives(
  slots: SlotService,
  site: Site,
  request: BookingRequest,
  info: CalendarInfo,
  today: string,
): Promise<Slot[]> {
  const { calendarId, timeZone } = request
  const startDay = localDate(Date.parse(request.start), timeZone)
  // A start in the past (a made-up one) is refused like any other: offer from today on.
  const takenDay = startDay < today ? today : startDay
  const lastDay = addDays(today, info.bookingWindow.maxDaysAhead)
  const alternatives: Slot[] = []
  let nextDay: string | undefined
  // A month at a time: the next free day is nearly always in the first one.
  for (let from = takenDay; from <= lastDay && !nextDay; from = addDays(from, SEARCH_SPAN_DAYS)) {
    const span = addDays(from, SEARCH_SPAN_DAYS - 1)
    const result = await slots.get(site, calendarId, { from, to: span < lastDay ? span : lastDay, timeZone })
    for (const slot of result.slots) {
      if (sameInstant(slot.start, request.start)) continue
      const day = localDate(Date.parse(slot.start), timeZone)
      if (day !== takenDay && day !== (nextDay ??= day)) break
      alternatives.push(slot)
    }
  }
  return alternatives
}
