/**
 * The booking flow, free of HTTP: check that the start is a free slot, pick the team member, upsert and tag the
 * contact, create the appointment, keep the slot cache true, and turn every upstream fault into either the booking
 * or a contract error that says what to do. A start that is not free is refused before anything reaches GHL.
 * One file past the usual size: the steps share the client, the caches and the log, and each recovery path calls
 * the others (a failed create looks up the contact's appointments, a taken slot reads the alternatives).
 */
import { LRUCache } from 'lru-cache'
import type { Booking, BookingRequest, CalendarInfo } from '../../../../contract/schemas.ts'
import { ProxyError } from '../../errors.ts'
import type { GhlAppointment, GhlCalendar, GhlClient } from '../../ghl/types.ts'
import { describeError, type Logger } from '../../logger.ts'
import type { Site } from '../../config/sites.ts'
import type { CalendarService, Clock, SlotService } from '../../types.ts'
import { slotTakenError } from './alternatives.ts'
import { bookingEnd, startsAt } from './appointment-times.ts'
import { chooseAssignee, holdsSeveralPerStart } from './assignee.ts'
import { appointmentInput, contactInput, contactTags, type AttributionFieldIds } from './contact.ts'
import { createSlotCheck, type SlotCheck } from './slot-check.ts'
import { isSlotTaken, mayHaveCreated, toProxyError, unavailable } from './upstream.ts'

/** Options of {@link createBooker}. */
export interface BookerOptions {
  ghl: GhlClient
  calendars: CalendarService
  slots: SlotService
  /** GHL custom field ids to store attribution in, per site (their ids belong to the site's location). Default none. */
  attributionFields?: (site: Site) => AttributionFieldIds | undefined
  /**
   * Create attempts in all. A further attempt is made only after a failure that may have reached GHL and a lookup
   * of the contact's appointments that found nothing at that start; GHL's own slot check then refuses a late
   * duplicate. Default 2.
   */
  createAttempts?: number
  log?: Logger
  /** Today, for the booking window that bounds the search for alternatives. Default `Date.now`. */
  clock?: Clock
  /**
   * How long GHL's free slots of a day, read when the cache did not hold a booking's start, answer for further
   * starts of that day, in ms (see `createSlotCheck`). Default 30 000.
   */
  recheckMs?: number
  /** The check of starts, shared with other writes that take slots. Default one of its own (`recheckMs`). */
  check?: SlotCheck
}

/**
 * What a booking attempt ended with: the booking, whether it is a new appointment (not one she had), and whether
 * it was found after a create that failed.
 */
export interface Booked {
  booking: Booking
  created: boolean
  recovered?: boolean
  /** The GHL contact the appointment is for. */
  contactId: string
}

/**
 * Books one validated request for a site; `key` is its idempotency key (scoped by site by the caller). `reserve`,
 * when given, is called once the start is known to be free and before anything reaches GHL (the booking quotas);
 * it throws to refuse. Resolves the booking or throws ProxyError.
 */
export type Booker = (
  site: Site,
  request: BookingRequest,
  key: string,
  reserve?: () => Promise<unknown>,
) => Promise<Booked>

/** How long an attempt that passed the slot check stays admitted for its retries, in ms: as long as its key lives. */
const ADMITTED_MS = 86_400_000

/** Builds the booking flow. */
export function createBooker(options: BookerOptions): Booker {
  const { ghl, calendars, slots, attributionFields, createAttempts = 2, log = () => {} } = options
  const clock = options.clock ?? Date.now
  const check = options.check ?? createSlotCheck({ ghl, slots, clock, recheckMs: options.recheckMs })
  // Keys whose attempt found the start free and then failed in a way worth retrying. A retry is the same booking:
  // it skips the check, since the slot may by now be taken by that very attempt, which the lookup then finds.
  // Only keys that passed the check get here, so a visitor cannot fill it with made-up starts.
  const admitted = new LRUCache<string, true>({
    max: 10_000,
    ttl: ADMITTED_MS,
    ttlResolution: 0,
    perf: { now: clock },
  })

  /** The calendar changed at the request's start (or may have): the cache and the check must ask GHL again. */
  async function changed(site: Site, request: BookingRequest, info: CalendarInfo) {
    check.forget(site, request.calendarId, request.start, info.timeZone)
    await slots.invalidate(request.calendarId)
  }

  /** The contact's live appointment at that start on that calendar, if GHL has one; `zone` is the location's. */
  async function findExisting(site: Site, contactId: string, request: BookingRequest, zone: string) {
    const appointments = await ghl.getContactAppointments(site.locationId, contactId)
    return appointments.find(
      (a) =>
        a.calendarId === request.calendarId &&
        a.appointmentStatus !== 'cancelled' &&
        startsAt(a, request.start, zone),
    )
  }

  /**
   * Adds the booking's tags to the contact. Done after the upsert and before the create, so GHL workflows that an
   * appointment starts already see the tags (as when the upsert carried them); a failure is logged and ignored,
   * because a booking must never be lost to tagging, and the client does not retry it on a 5xx for the same reason.
   */
  async function tagContact(site: Site, contactId: string, tags: string[]) {
    if (tags.length === 0) return
    try {
      await ghl.addContactTags(site.locationId, contactId, tags)
    } catch (error) {
      log({ level: 'warn', msg: 'booking.tags_failed', site: site.id, ...describeError(error) })
    }
  }

  /**
   * {@link findExisting}, logged as a recovery when found; a failed lookup is a 503 to retry (with `cause`), since
   * without it a slot may be taken by this visitor's own earlier attempt.
   */
  async function lookUp(
    site: Site,
    contactId: string,
    request: BookingRequest,
    zone: string,
    cause?: unknown,
  ) {
    let existing: GhlAppointment | undefined
    try {
      existing = await findExisting(site, contactId, request, zone)
    } catch (lookupError) {
      log({ level: 'warn', msg: 'booking.lookup_failed', site: site.id, ...describeError(lookupError) })
      throw unavailable(undefined, cause ?? lookupError)
    }
    if (existing)
      log({ level: 'info', msg: 'booking.recovered', site: site.id, calendarId: request.calendarId })
    return existing
  }

  /**
   * 409 with fresh alternatives (see `findAlternatives`). `stale`: GHL refused a start the cache offered, so the
   * cache is behind and is dropped first; a start refused by the check (the cache never offered it) leaves it alone.
   */
  async function slotTaken(
    site: Site,
    request: BookingRequest,
    info: CalendarInfo,
    stale: boolean,
  ): Promise<ProxyError> {
    if (stale) await changed(site, request, info)
    return slotTakenError(slots, site, request, info, clock(), log, 'booking')
  }

  return async function book(site, request, key, reserve) {
    const { info, ghl: calendar } = await calendars.get(site, request.calendarId)
    // Everything after this costs GHL calls and writes: only for a start that is free now.
    if (!admitted.has(key)) {
      if (!(await check.isFree(site, request, info))) throw await slotTaken(site, request, info, false)
      admitted.set(key, true)
    }
    try {
      await reserve?.()
      const booked = await bookFreeSlot(site, request, info, calendar)
      admitted.delete(key)
      return booked
    } catch (error) {
      // Only an upstream fault leaves the key to be retried; every other answer is final for it.
      if (toProxyError(error).code !== 'upstream_unavailable') admitted.delete(key)
      throw error
    }
  }

  /** The booking of a start found free: assign, upsert and tag the contact, create, recover. */
  async function bookFreeSlot(
    site: Site,
    request: BookingRequest,
    info: CalendarInfo,
    calendar: GhlCalendar,
  ): Promise<Booked> {
    let assignee: string | null | undefined
    let contactId: string
    try {
      assignee = await chooseAssignee(ghl, site, calendar, request.start, info.timeZone)
    } catch (error) {
      log({ level: 'warn', msg: 'booking.assign_failed', site: site.id, ...describeError(error) })
      throw toProxyError(error)
    }
    try {
      ;({ id: contactId } = await ghl.upsertContact(contactInput(site, request, attributionFields?.(site))))
    } catch (error) {
      log({ level: 'warn', msg: 'booking.contact_failed', site: site.id, ...describeError(error) })
      throw toProxyError(error)
    }
    await tagContact(site, contactId, contactTags(site, request))

    const input = {
      ...appointmentInput(site, request, contactId, info.name),
      ...(assignee && { assignedUserId: assignee }),
    }
    const toBooking = (appointment: GhlAppointment, created = true): Booked => ({
      booking: {
        id: appointment.id,
        calendarId: request.calendarId,
        start: request.start,
        end: bookingEnd(appointment, request.start, info.durationMinutes, info.timeZone),
        title: appointment.title || input.title || info.name,
        timeZone: request.timeZone,
      },
      created,
      contactId,
    })
    // Another free member or seat would let a repeat of this contact's booking through: return hers instead.
    if (holdsSeveralPerStart(calendar)) {
      const existing = await lookUp(site, contactId, request, info.timeZone)
      if (existing) return toBooking(existing, false)
    }
    if (assignee === null) throw await slotTaken(site, request, info, true)

    for (let attempt = 1; ; attempt++) {
      try {
        const appointment = await ghl.createAppointment(input)
        await changed(site, request, info)
        log({
          level: 'info',
          msg: 'booking.created',
          site: site.id,
          calendarId: request.calendarId,
          attempt,
        })
        return toBooking(appointment)
      } catch (error) {
        // Whatever happened, the calendar may have changed: the next slots read must ask GHL.
        await changed(site, request, info)
        log({
          level: 'warn',
          msg: 'booking.create_failed',
          site: site.id,
          attempt,
          ...describeError(error),
        })
        if (!isSlotTaken(error) && !mayHaveCreated(error)) throw toProxyError(error)

        // A slot "taken" by this very contact is an earlier attempt that succeeded; so is one found after a fault.
        const existing = await lookUp(site, contactId, request, info.timeZone, error)
        if (existing) return { ...toBooking(existing), recovered: true }
        if (isSlotTaken(error)) throw await slotTaken(site, request, info, true)
        if (attempt >= createAttempts) throw toProxyError(error)
      }
    }
  }
}
