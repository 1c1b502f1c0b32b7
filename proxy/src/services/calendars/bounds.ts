/**
 * The ranges within which the proxy uses a calendar's settings from GHL. GHL's answers are checked for shape by the
 * client's schemas; these are checks of sense, so a spec-shaped but absurd answer (a zone no runtime knows, a
 * meeting of 10 000 hours, a year-long notice) never turns into a 500, a booking that ends before it starts, or a
 * widget that offers slots for a century. A value the proxy cannot do without (the zone, the duration) is refused:
 * 502 `upstream_rejected`, since asking again will not change it. Notice and window are clamped: a very large
 * setting is still the business's wish, taken as far as is sensible.
 */
import { createBoundedMemo } from '../../cache/bounded-memo.ts'
import { ProxyError } from '../../errors.ts'
import type { GhlCalendar } from '../../ghl/types.ts'

/** Shortest and longest meeting, in minutes: one minute to a day. */
export const DURATION_MINUTES = { min: 1, max: 1_440 } as const
/** Longest minimum scheduling notice, in minutes: a year. */
export const MAX_NOTICE_MINUTES = 525_600
/** Furthest booking window, in days: about two years. Calendars that set none get {@link DEFAULT_WINDOW_DAYS}. */
export const MAX_WINDOW_DAYS = 730
/** The booking window of a calendar that sets none, in days. */
export const DEFAULT_WINDOW_DAYS = 365

const MINUTES = { hours: 60, days: 1_440, weeks: 10_080, months: 43_200 } as const
const DAYS = { days: 1, weeks: 7, months: 30 } as const

const unusable = (what: string) =>
  new ProxyError(502, 'upstream_rejected', `The calendar's settings in GHL cannot be used (${what}).`)

// Zones come from GHL's location answers, a handful per process; the bound guards against a broken upstream.
const zones = createBoundedMemo<boolean>({ maxBytes: 64 * 1024 })

/** The location's zone when this runtime's Intl knows it; otherwise 502 `upstream_rejected`, never a RangeError. */
export function usableZone(zone: string): string {
  let known = zones.get(zone)
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone })
      known = true
    } catch {
      known = false
    }
    zones.set(zone, known)
  }
  if (!known) throw unusable('unknown time zone')
  return zone
}

/** The meeting length in whole minutes, 1 minute to 24 hours (default 30); otherwise 502 `upstream_rejected`. */
export function durationMinutes(calendar: GhlCalendar): number {
  const minutes = (calendar.slotDuration ?? 30) * (calendar.slotDurationUnit === 'hours' ? 60 : 1)
  const { min, max } = DURATION_MINUTES
  if (!Number.isInteger(minutes) || minutes < min || minutes > max) throw unusable('meeting length')
  return minutes
}

/** The minimum scheduling notice in minutes, clamped to 0..{@link MAX_NOTICE_MINUTES}. */
export function minNoticeMinutes(calendar: GhlCalendar): number {
  const minutes = (calendar.allowBookingAfter ?? 0) * MINUTES[calendar.allowBookingAfterUnit ?? 'hours']
  return Math.round(Math.min(MAX_NOTICE_MINUTES, Math.max(0, minutes)))
}

/** How many days ahead bookings open: unset or not positive is the default; at most {@link MAX_WINDOW_DAYS}. */
export function maxDaysAhead(calendar: GhlCalendar): number {
  const days = (calendar.allowBookingFor ?? 0) * DAYS[calendar.allowBookingForUnit ?? 'days']
  return days > 0 ? Math.ceil(Math.min(MAX_WINDOW_DAYS, days)) : DEFAULT_WINDOW_DAYS
}
