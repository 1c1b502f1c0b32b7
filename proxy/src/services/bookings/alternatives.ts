/** What a visitor whose time is not free is offered instead: read from the slot cache, in the visitor's zone. */
import type { CalendarInfo, Slot } from '../../../../contract/schemas.ts'
import { ProxyError } from '../../errors.ts'
import { describeError, type Logger } from '../../logger.ts'
import type { Site } from '../../config/sites.ts'
import { sameInstant } from '../../time/offset.ts'
import { addDays, localDate } from '../../time/zoned.ts'
import type { SlotService } from '../../types.ts'
import type { SlotRequest } from './slot-check.ts'

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
  request: SlotRequest,
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

/**
 * 409 `slot_taken` with the alternatives of {@link findAlternatives} (none when they cannot be read: the refusal
 * stands without them, and a warning is logged). `now` is epoch ms; `what` names the request in the log line.
 */
export async function slotTakenError(
  slots: SlotService,
  site: Site,
  request: SlotRequest,
  info: CalendarInfo,
  now: number,
  log: Logger,
  what: string,
): Promise<ProxyError> {
  let alternatives: Slot[] = []
  try {
    alternatives = await findAlternatives(slots, site, request, info, localDate(now, request.timeZone))
  } catch (error) {
    log({ level: 'warn', msg: `${what}.alternatives_failed`, site: site.id, ...describeError(error) })
  }
  return new ProxyError(409, 'slot_taken', 'This time was just taken; please choose another', {
    slots: alternatives,
  })
}
