/**
 * The contract of a booking's manage link, between the proxy and the widget's manage mode: `GET
 * /v1/sites/:site/bookings/:token` shows a booking as GHL holds it now and what its visitor may do;
 * `POST .../:token/reschedule` and `POST .../:token/cancel` (each with an Idempotency-Key) change it. Every answer of
 * the three is a ManagedBooking; refusals are ApiErrors (schemas.ts) with the codes of ChangeRefusal. Apart from
 * schemas.ts so that a widget that only books does not carry these schemas.
 */
import * as v from 'valibot'
import { BookingRequest, ErrorCode, lines, TimeZone, trimmed } from './schemas.ts'

/** The query parameter of a site's `manageUrl` that carries the token: `https://acme.com/book?ghl-booking=...`. */
export const MANAGE_LINK_PARAM = 'ghl-booking'

/**
 * A manage token: base64url, signed by the proxy, naming one appointment and its contact until the appointment's
 * end. Opaque to the widget, which only passes it on; a bearer credential for that booking (never log it).
 */
export const ManageToken = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9_-]{30,600}$/, 'Expected the token of a booking link'),
)

/** Body of `POST .../bookings/:token/reschedule`: a free slot's `start` exactly as the slots route wrote it. */
export const RescheduleRequest = v.object({
  start: BookingRequest.entries.start,
  /** The visitor's zone, as for a booking: alternatives for a taken time come in it. */
  timeZone: TimeZone,
})
export type RescheduleRequest = v.InferOutput<typeof RescheduleRequest>

/** Body of `POST .../bookings/:token/cancel`; the reason reaches the business with the cancelled appointment. */
export const CancelRequest = v.object({
  reason: v.optional(trimmed(500, lines), ''),
})
export type CancelRequest = v.InferOutput<typeof CancelRequest>

/**
 * Why a change is not possible: `booking_cancelled`, `booking_closed` (showed, no-show or invalid),
 * `reschedule_not_allowed` / `cancel_not_allowed` (the calendar's or the site's rule), `change_too_late` (inside
 * the minimum notice). The same code and message a refused POST answers with.
 */
export const ChangeRefusal = v.object({ code: ErrorCode, message: v.string() })
export type ChangeRefusal = v.InferOutput<typeof ChangeRefusal>

/** A booking as GHL holds it now, and what its visitor may do with it. */
export const ManagedBooking = v.object({
  /** The GHL appointment id. */
  id: v.string(),
  calendarId: v.string(),
  calendarName: v.string(),
  /** ISO 8601 with an offset: exactly the chosen slot's string after a reschedule, GHL's start otherwise. */
  start: v.string(),
  end: v.string(),
  title: v.string(),
  /** GHL's `appointmentStatus`: `confirmed`, `new`, `cancelled`, `showed`, `noshow`, `invalid`, or a later one. */
  status: v.string(),
  /** The business's zone (the location's). */
  timeZone: v.string(),
  canReschedule: v.boolean(),
  canCancel: v.boolean(),
  /** Why `canReschedule` is false. */
  rescheduleRefusal: v.optional(ChangeRefusal),
  /** Why `canCancel` is false. */
  cancelRefusal: v.optional(ChangeRefusal),
  /** The last instant a change is possible (the start minus the minimum notice), ISO 8601 in UTC. */
  changeDeadline: v.string(),
  /** A token for this booking as it is now (signed with the current key, valid until its end): use it from now on. */
  manageToken: v.string(),
  /** The site's `manageUrl` with {@link manageToken}, when the site sets one. */
  manageUrl: v.optional(v.string()),
})
export type ManagedBooking = v.InferOutput<typeof ManagedBooking>

/** The routes of a booking's manage link, apart from {@link routes} so a widget that only books does not carry them. */
export const manageRoutes = {
  booking: (site: string, token: string) =>
    `/v1/sites/${encodeURIComponent(site)}/bookings/${encodeURIComponent(token)}`,
  reschedule: (site: string, token: string) => `${manageRoutes.booking(site, token)}/reschedule`,
  cancel: (site: string, token: string) => `${manageRoutes.booking(site, token)}/cancel`,
} as const
