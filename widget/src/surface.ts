/**
 * The widget's public surface, declared in one place: the data attributes it reads, the events it dispatches,
 * the CSS parts and custom properties a host page may style. Everything else is internal and may change.
 */
import type { Booking } from '../../proxy/src/contract.ts'

/** Prefix of every event name, and of the `event` field pushed to `window.dataLayer`. */
export const EVENT_PREFIX = 'ghl-booking:'

/**
 * Every event, by name, with its `detail`. Dispatched from the host element with `bubbles` and `composed`.
 * Details never carry the visitor's contact details, so they are safe to forward to analytics.
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
  booked: Booking
  /** Something failed; `code` is a contract error code, `offline`, `invalid_response` or `config`. */
  error: { code: string; message: string }
}

/** Names of the event types, as dispatched (`ghl-booking:ready`, ...). */
export type EventName = keyof EventMap

/** The data attributes read from the script tag or from an element with `data-ghl-booking`. */
export const DATA_ATTRIBUTES = [
  'site',
  'calendar',
  'proxy',
  'target',
  'locale',
  'time-zone',
  'lock-time-zone',
  'hour-cycle',
  'week-start',
  'theme',
  'accent',
  'prefill-first-name',
  'prefill-last-name',
  'prefill-email',
  'prefill-phone',
  'redirect',
  'mode',
  'button-text',
  'confirmation-text',
] as const

/** The attribute that marks an element as a widget host (besides the script tag itself). */
export const HOST_ATTRIBUTE = 'data-ghl-booking'

/** `::part()` names a host page may style. */
export const PARTS = [
  'container', // the widget's box
  'heading', // each step's heading
  'day', // a day button in the month grid
  'slot', // a time button
  'input', // every text field
  'button', // primary buttons (book, retry)
  'open-button', // popup mode: the button on the page that opens the dialog
  'dialog', // popup mode: the dialog
] as const

/** CSS custom properties a host page may set on the host element (defaults in styles.ts). */
export const CUSTOM_PROPERTIES = [
  '--ghl-accent',
  '--ghl-on-accent',
  '--ghl-bg',
  '--ghl-fg',
  '--ghl-muted',
  '--ghl-border',
  '--ghl-error',
  '--ghl-radius',
  '--ghl-font',
] as const
