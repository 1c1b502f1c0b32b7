/**
 * The widget's events and host attribute, declared in one place (the data attributes are config.ts's schema; the
 * CSS parts and custom properties are listed in the README and styled in styles.ts).
 */
import type { ManagedBooking } from '../../contract/manage.ts'
import type { Booking } from '../../contract/schemas.ts'

/** Prefix of every event name, and of the `event` field pushed to `window.dataLayer`. */
export const EVENT_PREFIX = 'ghl-booking:'

/**
 * A booking as events show it: without its link's token and URL, which let whoever holds them change the booking
 * (a credential has no place in analytics, where `dataLayer` forwards events).
 */
export type Shown<T> = Omit<T, 'manageToken' | 'manageUrl'>

/** A booking as events show it (see {@link Shown}). */
export const shown = <T extends { manageToken?: string; manageUrl?: string }>({
  manageToken,
  manageUrl,
  ...rest
}: T): Shown<T> => rest

/**
 * Every event, by name, with its `detail`. Dispatched from the host element with `bubbles` and `composed`.
 * Details never carry the visitor's contact details nor a booking's link, so they are safe to forward to analytics.
 */
export interface EventMap {
  /** The calendar loaded and the widget is usable. */
  ready: { site: string; calendarId: string }
  /** The visitor chose a day (`YYYY-MM-DD` in `timeZone`). */
  'date-select': { calendarId: string; date: string; timeZone: string }
  /** The visitor chose a time. `start` is the slot's start exactly as the proxy sent it. */
  'slot-select': { calendarId: string; start: string; end: string; timeZone: string }
  /** The visitor submitted the form; the booking request is on its way. */
  submit: { calendarId: string; start: string; timeZone: string }
  /** The appointment is booked. */
  booked: Shown<Booking>
  /** Manage mode: the visitor moved the booking to a new time; the booking as it is now. */
  rescheduled: Shown<ManagedBooking>
  /** Manage mode: the visitor cancelled the booking; the booking as it is now (status `cancelled`). */
  cancelled: Shown<ManagedBooking>
  /** Something failed; `code` is a contract error code, `offline`, `invalid_response` or `config`. */
  error: { code: string; message: string }
}

/** Names of the event types, as dispatched (`ghl-booking:ready`, ...). */
export type EventName = keyof EventMap

/** The attribute that marks an element as a widget host (besides the script tag itself). */
export const HOST_ATTRIBUTE = 'data-ghl-booking'
