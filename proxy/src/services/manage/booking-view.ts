/**
 * A booking as GHL holds it now, read through its token, and how the visitor sees it: the appointment (fresh from
 * GHL on every read, since it may have changed inside GHL), its calendar (cached), and the rules of rules.ts.
 * The token's contact must still be the appointment's, and the calendar one the site lists: otherwise the booking
 * is not this link's any more, and it is answered as gone.
 */
import type { CalendarInfo } from '../../../../contract/schemas.ts'
import type { ManagedBooking } from '../../../../contract/manage.ts'
import { ProxyError, toProxyError } from '../../errors.ts'
import { ghlInstants } from '../../ghl/times.ts'
import { GhlError, type GhlCalendar, type GhlClient, type GhlEvent } from '../../ghl/types.ts'
import type { Site } from '../../config/sites.ts'
import { zoneOffsetMs } from '../../time/zoned.ts'
import type { CalendarService, Clock } from '../../types.ts'
import { manageLink } from './links.ts'
import { changeRules, type ChangeRules } from './rules.ts'
import type { ManageClaims, ManageTokens } from './token.ts'

/** An appointment read through a token, with its calendar and its times as instants and as written. */
export interface LoadedBooking {
  claims: ManageClaims
  appointment: GhlEvent
  info: CalendarInfo
  calendar: GhlCalendar
  startMs: number
  endMs: number
  /** ISO 8601 with an offset: the chosen slot's string after a reschedule, else in the location's offset. */
  start: string
  end: string
}

/** GHL's statuses for an appointment id it does not know (deleted inside GHL, or never there). */
const NOT_FOUND = [400, 404, 422]

const gone = () => new ProxyError(404, 'not_found', 'This booking no longer exists.')

/** `ms` written to the second in `zone`'s offset at that instant: `2027-04-20T11:30:00-04:00`. */
export function inZone(ms: number, zone: string): string {
  const offset = Math.round(zoneOffsetMs(ms, zone) / 60_000)
  const sign = offset < 0 ? '-' : '+'
  const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')
  const minutes = String(Math.abs(offset) % 60).padStart(2, '0')
  return `${new Date(ms + offset * 60_000).toISOString().slice(0, 19)}${sign}${hours}:${minutes}`
}

/** Options of {@link createBookingReader}. */
export interface BookingReaderOptions {
  ghl: GhlClient
  calendars: CalendarService
  tokens: ManageTokens
  /** Default `Date.now`. */
  clock?: Clock
}

/** Reads and presents bookings. */
export interface BookingReader {
  /** The appointment of the claims, now. Throws 404 `not_found` when it is gone or no longer the token's. */
  load(site: Site, claims: ManageClaims): Promise<LoadedBooking>
  /** What the rules allow for it now. */
  rules(site: Site, loaded: LoadedBooking): ChangeRules
  /** The visitor's view of it, with a fresh token (current secret, its current end). */
  present(site: Site, loaded: LoadedBooking): Promise<ManagedBooking>
}

/** Builds the reader. */
export function createBookingReader(options: BookingReaderOptions): BookingReader {
  const { ghl, calendars, tokens } = options
  const clock = options.clock ?? Date.now

  const rules = (site: Site, loaded: LoadedBooking) =>
    changeRules({
      site,
      calendar: loaded.calendar,
      calendarNoticeMinutes: loaded.info.bookingWindow.minNoticeMinutes,
      status: loaded.appointment.appointmentStatus,
      startMs: loaded.startMs,
      now: clock(),
    })

  return {
    rules,

    async load(site, claims) {
      let appointment: GhlEvent
      try {
        appointment = await ghl.getAppointment(site.locationId, claims.appointmentId)
      } catch (error) {
        if (error instanceof GhlError && error.kind === 'rejected' && NOT_FOUND.includes(error.status!)) {
          throw gone()
        }
        throw toProxyError(error)
      }
      if (
        appointment.contactId !== claims.contactId ||
        appointment.locationId !== site.locationId ||
        !site.calendars.includes(appointment.calendarId)
      ) {
        throw gone()
      }
      const { info, ghl: calendar } = await calendars.get(site, appointment.calendarId)
      const zone = info.timeZone
      const [startMs] = ghlInstants(appointment.startTime, zone)
      if (startMs === undefined) {
        throw new ProxyError(502, 'upstream_unavailable', 'The calendar service sent an unexpected answer.')
      }
      // An end that is missing or not after the start: the calendar's length, as a booking's end is.
      const endMs =
        ghlInstants(appointment.endTime, zone).find((ms) => ms > startMs) ??
        startMs + info.durationMinutes * 60_000
      return {
        claims,
        appointment,
        info,
        calendar,
        startMs,
        endMs,
        start: inZone(startMs, zone),
        end: inZone(endMs, zone),
      }
    },

    async present(site, loaded) {
      const { appointment, info } = loaded
      const allowed = rules(site, loaded)
      const token = await tokens.issue(site.id, { ...loaded.claims, expiresAt: loaded.endMs })
      const url = manageLink(site, token)
      return {
        id: appointment.id,
        calendarId: appointment.calendarId,
        calendarName: info.name,
        start: loaded.start,
        end: loaded.end,
        title: appointment.title || info.name,
        status: appointment.appointmentStatus ?? 'confirmed',
        timeZone: info.timeZone,
        canReschedule: !allowed.reschedule,
        canCancel: !allowed.cancel,
        ...(allowed.reschedule && { rescheduleRefusal: allowed.reschedule }),
        ...(allowed.cancel && { cancelRefusal: allowed.cancel }),
        changeDeadline: new Date(allowed.deadlineMs).toISOString(),
        manageToken: token,
        ...(url && { manageUrl: url }),
      }
    },
  }
}
