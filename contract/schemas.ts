/**
 * The HTTP contract (v1) between the widget and the proxy, defined once as valibot schemas.
 * The proxy validates requests with these schemas and the widget imports the same ones, so both sides agree.
 * A schema and its type share one name.
 */
import * as v from 'valibot'
import { zoneSpelling } from './time-zone.ts'

/** Every error code the proxy answers with. */
export const ErrorCode = v.picklist([
  'invalid_request',
  'unknown_site',
  'origin_not_allowed',
  'unknown_calendar',
  'rate_limited',
  'slot_taken',
  'upstream_unavailable',
  'upstream_rejected',
  'payload_too_large',
  'not_found',
  'challenge_required',
  'challenge_failed',
  'internal',
  /** The location's GHL Marketplace app is not installed (uninstalled, or its grant refused): the owner must install it. */
  'not_connected',
  // ── Managing a booking through its signed link (see contract/manage.ts) ──
  'link_invalid',
  'link_expired',
  'reschedule_not_allowed',
  'cancel_not_allowed',
  'change_too_late',
  'booking_cancelled',
  'booking_closed',
  // ── end of managing a booking ──
])
export type ErrorCode = v.InferOutput<typeof ErrorCode>

/** One problem with a request, pointing at the field by its dotted path (`contact.email`). */
export const Issue = v.object({ path: v.string(), message: v.string() })
export type Issue = v.InferOutput<typeof Issue>

/**
 * The largest local-date range one slots request may ask for, in days (both ends included). The widget asks for
 * at most one calendar month at a time; six weeks leaves room for a month grid's leading and trailing days, and
 * keeps the costliest answer a stranger can ask for (and the proxy must build, send and may remember) small.
 */
export const MAX_SLOT_RANGE_DAYS = 42

/**
 * An IANA time zone name that this runtime's Intl knows (`Europe/Berlin`, `Asia/Kolkata`, `UTC`), as given, or in
 * the right letter case when given in another (`europe/berlin` becomes `Europe/Berlin`).
 */
export const TimeZone = v.pipe(
  v.string(),
  v.maxLength(64),
  v.check((zone) => zoneSpelling(zone) !== null, 'Expected an IANA time zone such as Europe/Berlin'),
  v.transform((zone) => zoneSpelling(zone)!),
)

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/** A calendar date, `YYYY-MM-DD`, that exists. */
export const IsoDate = v.pipe(
  v.string(),
  v.regex(ISO_DATE, 'Expected a date as YYYY-MM-DD'),
  v.check((s) => {
    const d = new Date(`${s}T00:00:00Z`)
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s)
  }, 'Expected a real calendar date'),
)

/** Days from `from` to `to`, both `YYYY-MM-DD`, counting both ends. */
export const daysInRange = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1

/** Query of `GET /v1/sites/:site/calendars/:calendarId/slots`. */
export const SlotsQuery = v.pipe(
  v.object({ from: IsoDate, to: IsoDate, timeZone: TimeZone }),
  v.forward(
    v.check((q) => q.to >= q.from, '`to` must not be before `from`'),
    ['to'],
  ),
  v.forward(
    v.check(
      (q) => daysInRange(q.from, q.to) <= MAX_SLOT_RANGE_DAYS,
      `The range may span at most ${MAX_SLOT_RANGE_DAYS} days`,
    ),
    ['to'],
  ),
)
export type SlotsQuery = v.InferOutput<typeof SlotsQuery>

/** A free slot: `start` is exactly the string GHL returned (GHL refuses a reformatted start). */
export const Slot = v.object({ start: v.string(), end: v.string() })
export type Slot = v.InferOutput<typeof Slot>

/**
 * The shape of the slots route's answer, the `shape` query parameter: `compact` ({@link CompactSlotsResponse}),
 * which the widget asks for, or `full` ({@link SlotsResponse}), the default. `full` is deprecated: it stays the
 * default for one version, so widgets built before `compact` keep working, then `compact` becomes the only shape.
 */
export const SlotsShape = v.optional(v.picklist(['full', 'compact']), 'full')
export type SlotsShape = v.InferOutput<typeof SlotsShape>

/**
 * Response of the slots route in the full shape (deprecated, see {@link SlotsShape}). `stale` is true when the
 * proxy served cached slots because GHL failed.
 */
export const SlotsResponse = v.object({
  calendarId: v.string(),
  timeZone: v.string(),
  from: v.string(),
  to: v.string(),
  slots: v.array(Slot),
  stale: v.optional(v.boolean()),
})
export type SlotsResponse = v.InferOutput<typeof SlotsResponse>

/**
 * Response of the slots route in the compact shape (`?shape=compact`): the same slots as {@link SlotsResponse},
 * by local day of `timeZone` (`YYYY-MM-DD`, in order), each day the starts of its free slots in order, each start
 * exactly the string GHL returned. A slot lasts `durationMinutes`: its end is its start plus that many minutes,
 * written in the start's own UTC offset to the second (`2026-03-02T09:00:00-05:00` ends `2026-03-02T09:30:00-05:00`).
 * A slot whose end is not that (the calendar's length changed between two cached months) is a `[start, end]` pair.
 * A month of a busy calendar is about a third of the full shape's bytes.
 */
export const CompactSlotsResponse = v.object({
  calendarId: v.string(),
  timeZone: v.string(),
  from: v.string(),
  to: v.string(),
  durationMinutes: v.number(),
  days: v.record(v.string(), v.array(v.union([v.string(), v.tuple([v.string(), v.string()])]))),
  stale: v.optional(v.boolean()),
})
export type CompactSlotsResponse = v.InferOutput<typeof CompactSlotsResponse>

/** Whether the booking form shows a field, and whether it must be filled. */
export const FieldRule = v.picklist(['required', 'optional', 'hidden'])
export type FieldRule = v.InferOutput<typeof FieldRule>

/** Response of `GET /v1/sites/:site/calendars/:calendarId`. */
export const CalendarInfo = v.object({
  id: v.string(),
  name: v.string(),
  description: v.string(),
  /** Length of an appointment in minutes. */
  durationMinutes: v.number(),
  /** The location's IANA time zone (the business's own). */
  timeZone: v.string(),
  bookingWindow: v.object({
    /** Minimum notice before a slot can be booked, in minutes. */
    minNoticeMinutes: v.number(),
    /** How many days ahead slots are offered. */
    maxDaysAhead: v.number(),
  }),
  form: v.object({
    phone: FieldRule,
    notes: FieldRule,
    /** The consent text the visitor must accept, or null when the site asks for none. */
    consent: v.nullable(v.string()),
    /**
     * The site's Cloudflare Turnstile site key, when its bookings need a solved challenge: the widget then loads
     * Turnstile and sends its token as `turnstileToken`. Absent otherwise.
     */
    turnstileSiteKey: v.optional(v.string()),
  }),
  /** The one person the visitor meets, when GHL gives the calendar one member and the proxy may read names. */
  host: v.optional(v.object({ name: v.string() })),
  /**
   * A calendar of several members: `all` attend (a collective), or one of them, whoever is free (a round robin).
   * `names` lists them (at most three); empty when there are more, or the proxy may not read names.
   */
  team: v.optional(v.object({ names: v.array(v.string()), all: v.boolean() })),
  /**
   * Where the meeting happens, from GHL's meeting locations. `label` names the video service, or a place's address;
   * a link or phone number is never sent before booking. `other`: GHL's own words stay private until then.
   */
  location: v.optional(
    v.object({ kind: v.picklist(['video', 'phone', 'in_person', 'other']), label: v.optional(v.string()) }),
  ),
})
export type CalendarInfo = v.InferOutput<typeof CalendarInfo>

/**
 * Control characters (C0, DEL, C1) and the Unicode line and paragraph separators. Stored raw they reach GHL, its
 * e-mails and every calendar file made from a booking, where a CR or LF starts a new header or property.
 */
const CONTROLS = /[\x00-\x1f\x7f-\x9f\u2028\u2029]/g

/** The text without any control character: for tags and attribution, which are one short value each. */
export const withoutControls = (text: string): string => text.replace(CONTROLS, '')

/** One line of text: control characters that space words (tab, line breaks) become spaces, the rest go. */
export const oneLine = (text: string): string =>
  withoutControls(text.replace(/[\t\n\v\f\r\x85\u2028\u2029]/g, ' '))

/** Lines of text with LF as the only line break (CRLF, CR and Unicode breaks become LF), tabs as spaces. */
export const lines = (text: string): string =>
  text
    .replace(/\r\n?|[\x85\u2028\u2029]/g, '\n')
    .replace(/\t/g, ' ')
    .replace(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/g, '')

/* @__NO_SIDE_EFFECTS__ */
export const trimmed = (max: number, clean: (text: string) => string = withoutControls) =>
  v.pipe(v.string(), v.transform(clean), v.trim(), v.maxLength(max, `At most ${max} characters`))
/* @__NO_SIDE_EFFECTS__ */
const requiredText = (max: number, what: string) =>
  v.pipe(trimmed(max, oneLine), v.minLength(1, `Please enter your ${what}`))

/**
 * A phone number as people type it, or nothing: digits with spaces, dashes, dots, brackets and an optional
 * leading +, 7 to 15 digits. Checked before trimming, so only the empty string counts as no phone.
 */
export const Phone = v.pipe(
  v.string(),
  v.transform(oneLine),
  // The trimmed text is an optional + and at least one digit, bracket, dot or dash, with spaces among them.
  v.regex(/^(\s*\+?[\d\s().-]*[\d().-][\d\s().-]*)?$/, 'Please enter a valid phone number'),
  v.check((s) => {
    const digits = s.replace(/\D/g, '').length
    return !s || (digits >= 7 && digits <= 15)
  }, 'Please enter a valid phone number'),
  v.trim(),
)

/** The visitor's details. */
export const Contact = v.object({
  firstName: requiredText(80, 'first name'),
  lastName: requiredText(80, 'last name'),
  email: v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, 'Please enter your e-mail address'),
    v.maxLength(254, 'At most 254 characters'),
    v.email('Please enter a valid e-mail address'),
  ),
  phone: v.optional(Phone, ''),
})
export type Contact = v.InferOutput<typeof Contact>

/** Where the visitor came from: utm_* parameters, click ids and the host page's referrer. */
export const Attribution = v.object({
  utm_source: v.optional(trimmed(200)),
  utm_medium: v.optional(trimmed(200)),
  utm_campaign: v.optional(trimmed(200)),
  utm_term: v.optional(trimmed(200)),
  utm_content: v.optional(trimmed(200)),
  gclid: v.optional(trimmed(200)),
  fbclid: v.optional(trimmed(200)),
  referrer: v.optional(trimmed(2000)),
  page: v.optional(trimmed(2000)),
})
export type Attribution = v.InferOutput<typeof Attribution>

/** The name of the hidden honeypot field: people leave it empty, form-filling bots do not. */
export const HONEYPOT_FIELD = 'website'

/** An ISO 8601 date-time with a UTC offset, its fields captured: year to second, then the offset's sign and parts. */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|([+-])(\d{2}):(\d{2}))$/

/**
 * Whether `text` is an ISO 8601 date-time with an offset that names a real instant: a date that exists (no
 * 30 February), a time of day within 00:00:00-23:59:59 and an offset within ±23:59. `Date.parse` alone would roll
 * 30 February over into March.
 */
export function isRealInstant(text: string): boolean {
  const fields = DATE_TIME.exec(text)
  if (!fields) return false
  // Missing seconds and a `Z` offset read as 0.
  const [year, month, day, hours, minutes, seconds, , offsetHours, offsetMinutes] = fields
    .slice(1)
    .map((field) => Number(field ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  if (hours > 23 || minutes > 59 || seconds > 59 || offsetHours > 23 || offsetMinutes > 59) return false
  // The fields back from the date they make: a day past the month's end (or a year below 100) comes back other.
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

/** Body of `POST /v1/sites/:site/bookings` (sent with an `Idempotency-Key` header). */
export const BookingRequest = v.object({
  calendarId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  /** A slot's `start`, exactly as the slots route returned it: the proxy sends this very string to GHL. */
  start: v.pipe(
    v.string(),
    v.maxLength(40, 'Expected a slot start time'),
    v.check(isRealInstant, 'Expected a slot start time'),
  ),
  timeZone: TimeZone,
  contact: Contact,
  notes: v.optional(trimmed(2000, lines), ''),
  consent: v.optional(v.boolean(), false),
  attribution: v.optional(Attribution),
  [HONEYPOT_FIELD]: v.optional(v.string(), ''),
  /**
   * The Cloudflare Turnstile token of a solved challenge, when the calendar's `form.turnstileSiteKey` asks for
   * one. Tokens are at most 2048 visible ASCII characters.
   */
  turnstileToken: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^[\x21-\x7e]{0,2048}$/, 'Expected the token of a solved Turnstile challenge'),
    ),
    '',
  ),
})
export type BookingRequest = v.InferOutput<typeof BookingRequest>
export type BookingRequestInput = v.InferInput<typeof BookingRequest>

/** The `Idempotency-Key` header: 8 to 128 visible ASCII characters. */
export const IdempotencyKey = v.pipe(
  v.string(),
  v.regex(/^[\x21-\x7e]{8,128}$/, 'Idempotency-Key must be 8 to 128 visible ASCII characters'),
)

/** Response of a successful booking (201). */
export const Booking = v.object({
  id: v.string(),
  calendarId: v.string(),
  start: v.string(),
  end: v.string(),
  title: v.string(),
  timeZone: v.string(),
  /** The booking's manage token (see `ManageToken` in contract/manage.ts), when the proxy has `MANAGE_SECRET`. */
  manageToken: v.optional(v.string()),
  /** The site's `manageUrl` with the token in `?ghl-booking=` (contract/manage.ts), when the site sets one. */
  manageUrl: v.optional(v.string()),
})
export type Booking = v.InferOutput<typeof Booking>

/**
 * The one error shape of every non-2xx response. `slots` comes with `slot_taken`: fresh alternatives in the
 * visitor's zone, the other free times of that day and all those of the next day that has any, each day complete.
 */
export const ApiError = v.object({
  error: v.object({
    code: ErrorCode,
    message: v.string(),
    issues: v.optional(v.array(Issue)),
    slots: v.optional(v.array(Slot)),
  }),
})
export type ApiError = v.InferOutput<typeof ApiError>

/** Turns valibot issues into the contract's flat `{ path, message }` list. */
export function toIssues(issues: readonly v.BaseIssue<unknown>[]): Issue[] {
  return issues.map((issue) => ({
    path: v.getDotPath(issue) ?? '',
    message: issue.message,
  }))
}

/** The routes, so both sides build the same paths. */
export const routes = {
  calendar: (site: string, calendarId: string) =>
    `/v1/sites/${encodeURIComponent(site)}/calendars/${encodeURIComponent(calendarId)}`,
  slots: (site: string, calendarId: string) =>
    `/v1/sites/${encodeURIComponent(site)}/calendars/${encodeURIComponent(calendarId)}/slots`,
  bookings: (site: string) => `/v1/sites/${encodeURIComponent(site)}/bookings`,
} as const
