/**
 * Calendar details for the widget: GHL's calendar settings plus the location's time zone, cached for minutes
 * (they change rarely) and served stale when GHL fails; and the header's host, team and place (header.ts).
 */
import type { CalendarInfo } from '../../../../contract/schemas.ts'
import { calendarNotInGhl, calendarNotListed, calendarOfOtherLocation } from '../../refusals.ts'
import { stringBytes } from '../../cache/sizes.ts'
import { createSwrCache } from '../../cache/swr-cache.ts'
import { durationMinutes, maxDaysAhead, minNoticeMinutes, usableZone } from './bounds.ts'
import { headerOf } from './header.ts'
import { createUserNames, type UserNames } from './user-names.ts'
import { GhlError, type GhlCalendar, type GhlClient } from '../../ghl/types.ts'
import type { Site } from '../../config/sites.ts'
import type { Logger } from '../../logger.ts'
import type { CalendarService, Clock } from '../../types.ts'

/** Options of {@link createCalendarService}. */
export interface CalendarServiceOptions {
  ghl: GhlClient
  /** How long calendar details are fresh, in ms. Default 5 minutes. */
  ttlMs?: number
  /** How long a location's zone is fresh, in ms. Default 1 hour. */
  zoneTtlMs?: number
  /** Most calendars cached. Default 1 000. */
  maxEntries?: number
  /**
   * Most bytes of calendars cached (see cache/sizes.ts); zones have a fifth of it. Keys are the sites file's
   * calendars and locations, so only the configuration can fill it. Default 4 MiB.
   */
  maxBytes?: number
  /** Default `Date.now`. */
  clock?: Clock
  /** The team members' names of the header. Default `createUserNames({ ghl, clock, log })`. */
  userNames?: UserNames
  /** Default nothing. */
  log?: Logger
}

/** GHL's statuses for a calendar id it does not know. */
const NOT_FOUND = [400, 404, 422]

/**
 * Turns GHL's settings and the site's form options into what the widget needs, within the bounds of bounds.ts.
 * Throws 502 `upstream_rejected` for a zone or a duration the proxy cannot use.
 */
export function toCalendarInfo(site: Site, calendar: GhlCalendar, timeZone: string): CalendarInfo {
  return {
    id: calendar.id,
    name: calendar.name,
    description: calendar.description ?? '',
    durationMinutes: durationMinutes(calendar),
    timeZone: usableZone(timeZone),
    bookingWindow: {
      minNoticeMinutes: minNoticeMinutes(calendar),
      maxDaysAhead: maxDaysAhead(calendar),
    },
    form: {
      phone: site.phone,
      notes: site.notes,
      consent: site.consent,
      ...(site.turnstile && { turnstileSiteKey: site.turnstile.siteKey }),
    },
  }
}

/** Builds the cached calendar service. */
export function createCalendarService(options: CalendarServiceOptions): CalendarService {
  const { ghl, clock } = options
  const userNames = options.userNames ?? createUserNames({ ghl, clock, log: options.log })
  const maxBytes = options.maxBytes ?? 4 * 1024 * 1024
  const calendars = createSwrCache<GhlCalendar>({
    ttlMs: options.ttlMs ?? 300_000,
    maxEntries: options.maxEntries ?? 1_000,
    maxBytes,
    clock,
  })
  const zones = createSwrCache<string>({
    ttlMs: options.zoneTtlMs ?? 3_600_000,
    maxEntries: 1_000,
    maxBytes: Math.ceil(maxBytes / 5),
    sizeOf: stringBytes,
    clock,
  })

  return {
    async get(site, calendarId, context) {
      if (!site.calendars.includes(calendarId)) throw calendarNotListed(site.id, calendarId)
      const [calendar, zone] = await Promise.all([
        calendars
          .get(
            `${site.locationId}|${calendarId}`,
            () => ghl.getCalendar(site.locationId, calendarId),
            context,
          )
          .catch((error: unknown) => {
            // GHL's answer for an id it does not know in the location (400 "Calendar not found", or 404): a
            // mistake in the sites file, not a failing GHL.
            if (error instanceof GhlError && error.kind === 'rejected' && NOT_FOUND.includes(error.status!)) {
              throw calendarNotInGhl(site.id, calendarId, error.status!)
            }
            throw error
          }),
        zones.get(site.locationId, () => ghl.getLocationTimeZone(site.locationId), context),
      ])
      // A site file that lists another location's calendar must not leak it.
      if (calendar.value.locationId !== site.locationId) throw calendarOfOtherLocation(site.id, calendarId)
      const info = toCalendarInfo(site, calendar.value, zone.value)
      return {
        info: { ...info, ...(await headerOf(userNames, site.locationId, calendar.value)) },
        ghl: calendar.value,
      }
    },
    forget(locationId, calendarIds) {
      for (const calendarId of calendarIds) calendars.delete(`${locationId}|${calendarId}`)
      zones.delete(locationId)
    },
  }
}
