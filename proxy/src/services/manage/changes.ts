/**
 * The changes a visitor makes through a booking's link, free of HTTP: see it, move it to another free slot, cancel
 * it. Each change reads the appointment first (a retry whose change already landed is answered without writing
 * again), applies the calendar's and the site's rules, and for a move checks the new start like a booking's
 * (slot-check.ts) before GHL hears of it. A write that fails where it may have landed is read back, so a visitor is
 * never told "failed" about a change that happened, and a repeated write goes to the same place (GHL's PUT to the
 * start an appointment already has lands it where it is).
 */
import type { CancelRequest, ManagedBooking, RescheduleRequest } from '../../../../contract/manage.ts'
import { ProxyError } from '../../errors.ts'
import type { GhlClient, GhlEvent, UpdateAppointmentInput } from '../../ghl/types.ts'
import { ghlInstants } from '../../ghl/times.ts'
import { describeError, type Logger } from '../../logger.ts'
import type { Site } from '../../config/sites.ts'
import { atOffsetOf } from '../../time/offset.ts'
import type { CalendarService, Clock, ReadContext, SlotService } from '../../types.ts'
import type { Opportunities } from '../opportunities/opportunities.ts'
import { slotTakenError } from '../bookings/alternatives.ts'
import { createSlotCheck, type SlotCheck } from '../bookings/slot-check.ts'
import { isSlotTaken, mayHaveCreated, toProxyError, unavailable } from '../bookings/upstream.ts'
import { createBookingReader, type LoadedBooking } from './booking-view.ts'
import { publishLink } from './links.ts'
import { refusalError } from './rules.ts'
import type { ManageClaims, ManageTokens } from './token.ts'

/** Options of {@link createManageService}. */
export interface ManageServiceOptions {
  ghl: GhlClient
  calendars: CalendarService
  slots: SlotService
  tokens: ManageTokens
  /** The check of starts, shared with the booking route. Default one of its own. */
  check?: SlotCheck
  /**
   * Writes of one change in all: a further one only after a failure that may have reached GHL and a read-back
   * that found the appointment unchanged. Default 2.
   */
  attempts?: number
  /** Default `Date.now`. */
  clock?: Clock
  /** Default none. */
  log?: Logger
  /** Moves the contact's opportunity after a cancellation (in the background). Default none. */
  opportunities?: Opportunities
}

/** What the manage routes call; every method resolves the booking as it is afterwards, or throws ProxyError. */
export interface ManageService {
  view(site: Site, claims: ManageClaims): Promise<ManagedBooking>
  reschedule(site: Site, claims: ManageClaims, request: RescheduleRequest): Promise<ManagedBooking>
  /** `context.waitUntil` takes the background work a cancellation starts (the contact's opportunity). */
  cancel(
    site: Site,
    claims: ManageClaims,
    request: CancelRequest,
    context?: ReadContext,
  ): Promise<ManagedBooking>
}

const OPEN = new Set([undefined, 'new', 'confirmed'])

/** The description of a cancelled appointment: what it said, then who cancelled, when, and why. */
export function cancelledDescription(before: string | undefined, reason: string, now: number): string {
  const when = `${new Date(now).toISOString().slice(0, 16).replace('T', ' ')} UTC`
  const note = [
    `Cancelled by the visitor through the booking link on ${when}.`,
    ...(reason ? [`Reason: ${reason}`] : []),
  ]
  return [...(before?.trim() ? [before.trim(), ''] : []), ...note].join('\n')
}

/** Builds the service. */
export function createManageService(options: ManageServiceOptions): ManageService {
  const { ghl, slots, attempts = 2, log = () => {} } = options
  const clock = options.clock ?? Date.now
  const check = options.check ?? createSlotCheck({ ghl, slots, clock })
  const reader = createBookingReader({ ...options, clock })

  /**
   * Sends `input`; after a failure that may have landed, reads the appointment back and takes `landed(event)` as
   * success. `onTaken` makes the error of a start GHL calls taken. Slots are dropped whatever happened.
   */
  async function write(
    site: Site,
    loaded: LoadedBooking,
    input: UpdateAppointmentInput,
    landed: (event: GhlEvent) => boolean,
    onTaken: () => Promise<Error>,
  ): Promise<void> {
    const { id, calendarId } = loaded.appointment
    for (let attempt = 1; ; attempt++) {
      try {
        await ghl.updateAppointment(site.locationId, id, input)
        await slots.invalidate(calendarId)
        return
      } catch (error) {
        await slots.invalidate(calendarId)
        log({ level: 'warn', msg: 'manage.update_failed', site: site.id, attempt, ...describeError(error) })
        // A refusal that is GHL's verdict (not a taken slot): nothing landed, and asking again changes nothing.
        if (!isSlotTaken(error) && !mayHaveCreated(error)) throw toProxyError(error)
        let now: GhlEvent
        try {
          now = await ghl.getAppointment(site.locationId, id)
        } catch (readError) {
          log({ level: 'warn', msg: 'manage.read_back_failed', site: site.id, ...describeError(readError) })
          throw unavailable(undefined, error)
        }
        // A "taken" slot may be this very appointment's, taken by an earlier attempt that landed.
        if (landed(now)) {
          log({ level: 'info', msg: 'manage.recovered', site: site.id, calendarId })
          return
        }
        if (isSlotTaken(error)) throw await onTaken()
        if (attempt >= attempts) throw toProxyError(error)
      }
    }
  }

  return {
    async view(site, claims) {
      return reader.present(site, await reader.load(site, claims))
    },

    async reschedule(site, claims, request) {
      const loaded = await reader.load(site, claims)
      const { appointment, info } = loaded
      const targetMs = Date.parse(request.start)
      const lengthMs = loaded.endMs - loaded.startMs
      const end = atOffsetOf(request.start, targetMs + lengthMs)
      const moved: LoadedBooking = {
        ...loaded,
        startMs: targetMs,
        endMs: targetMs + lengthMs,
        start: request.start,
        end,
      }
      // Already there: a retry whose first attempt landed, or a move to where it is. Nothing to write.
      if (OPEN.has(appointment.appointmentStatus) && loaded.startMs === targetMs) {
        return reader.present(site, moved)
      }
      const refused = reader.rules(site, loaded).reschedule
      if (refused) throw refusalError(refused)
      const slot = { calendarId: appointment.calendarId, start: request.start, timeZone: request.timeZone }
      const taken = async (stale: boolean) => {
        if (stale) check.forget(site, slot.calendarId, slot.start, info.timeZone)
        return slotTakenError(slots, site, slot, info, clock(), log, 'manage')
      }
      if (!(await check.isFree(site, slot, info))) throw await taken(false)

      await write(
        site,
        loaded,
        // The start exactly as the free slots wrote it (GHL refuses a reformatted one); the length kept.
        { startTime: request.start, endTime: end },
        (event) =>
          OPEN.has(event.appointmentStatus) && ghlInstants(event.startTime, info.timeZone).includes(targetMs),
        () => taken(true),
      )
      check.forget(site, slot.calendarId, slot.start, info.timeZone)
      log({ level: 'info', msg: 'manage.rescheduled', site: site.id, calendarId: slot.calendarId })
      const answer = await reader.present(site, moved)
      await publishLink(ghl, site, appointment.contactId, answer.manageUrl, log)
      return answer
    },

    async cancel(site, claims, request, context) {
      const loaded = await reader.load(site, claims)
      const { appointment } = loaded
      // Cancelling twice is cancelling once: the second visit sees it cancelled.
      if (appointment.appointmentStatus === 'cancelled') return reader.present(site, loaded)
      const refused = reader.rules(site, loaded).cancel
      if (refused) throw refusalError(refused)
      // The edit schema's one text field: the reason stays with the appointment, after what it said before.
      const description = cancelledDescription(appointment.description, request.reason, clock())
      await write(
        site,
        loaded,
        { appointmentStatus: 'cancelled', description },
        (event) => event.appointmentStatus === 'cancelled',
        // A cancellation takes no slot, so GHL has no slot to call taken: such an answer is its verdict.
        async () =>
          new ProxyError(502, 'upstream_rejected', 'The calendar service refused the cancellation.'),
      )
      log({ level: 'info', msg: 'manage.cancelled', site: site.id, calendarId: appointment.calendarId })
      options.opportunities?.cancelled(site, appointment, context?.waitUntil)
      return reader.present(site, {
        ...loaded,
        appointment: { ...appointment, appointmentStatus: 'cancelled', description },
      })
    },
  }
}
