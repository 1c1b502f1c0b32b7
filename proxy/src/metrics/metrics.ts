/**
 * The metrics port: what the proxy counts, as calls on a small interface, so `createApp` and the services stay
 * free of any metrics library and run on every runtime. The Node entry plugs prom-client in
 * (`entries/prometheus.ts`); elsewhere the default, {@link NO_METRICS}, counts nothing. Every label value a caller
 * passes is bounded: route templates and GHL call names are the proxy's own constants, statuses are mapped to a
 * fixed set ({@link upstreamStatus}, {@link requestMethod}), sites are the sites file's ids.
 */

/** How a slots answer was served: from memory (`hit`), after waiting for GHL (`miss`), or with older slots while GHL failed or was slow (`stale`). */
export type SlotRead = 'hit' | 'miss' | 'stale'

/**
 * How a booking request ended: a new appointment (`created`), an earlier answer replayed for its Idempotency-Key
 * (`replayed`), the visitor's own appointment at that start returned (`existing`), 409 (`slot_taken`), the
 * appointment found after a create that failed (`recovered`), a 4xx refusal (`refused`: a bad request, a quota, a
 * challenge), or a 5xx (`failed`).
 */
export type BookingOutcome =
  'created' | 'replayed' | 'existing' | 'slot_taken' | 'recovered' | 'refused' | 'failed'

/**
 * How a background opportunity job ended, or that it is tried again: a new opportunity (`created`), the contact's
 * opportunity moved to the booking's or the cancellation's stage (`moved`), a cancellation that found no open one
 * (`unchanged`), an attempt that failed and waits for another (`retried`), given up or dropped (`failed`).
 */
export type OpportunityOutcome = 'created' | 'moved' | 'unchanged' | 'retried' | 'failed'

/** Which limit refused a request: a site's or a visitor's request limit, a booking quota, a webhook limit. */
export type RateLimitKind = 'site' | 'visitor' | 'booking_quota' | 'webhook_sender' | 'webhook_overall'

/**
 * How a Marketplace token renewal ended: this instance refreshed (`refreshed`), another instance's or flight's new
 * token was used (`coalesced` after taking the lease, `waited` without it), GHL's token endpoint failed (`failed`),
 * or GHL refused the refresh token for good (`dead`: the app must be installed again).
 */
export type TokenRefreshOutcome = 'refreshed' | 'coalesced' | 'waited' | 'failed' | 'dead'

/** The metrics as text, for `GET /metrics`. */
export interface MetricsExposition {
  contentType: string
  body: string
}

/** What the proxy records. Each method is called on the request's path: it must be cheap and never throw. */
export interface Metrics {
  /** A request answered: its route template (`unmatched` for none), method, status and duration in seconds. */
  request(route: string, method: string, status: number, seconds: number): void
  /** A slots answer (see {@link SlotRead}). */
  slotRead(result: SlotRead): void
  /** One attempt of a GHL call: its name (`GET /calendars/{id}`), its {@link upstreamStatus}, its duration in seconds. */
  upstream(call: string, status: string, seconds: number): void
  /** Callers waiting in the GHL throttle's queue went up (+1) or down (-1). */
  throttleWaiting(change: 1 | -1): void
  /** A caller waited in the GHL throttle's queue for this many seconds. */
  throttleWaited(seconds: number): void
  /** The GHL throttle's queue was full: a caller was refused at once. */
  throttleRefused(): void
  /** A booking request ended (see {@link BookingOutcome}). */
  booking(outcome: BookingOutcome): void
  /** A background opportunity job ended, or failed an attempt and waits for another (see {@link OpportunityOutcome}). */
  opportunity(outcome: OpportunityOutcome): void
  /** A request refused by a limit; `site` is the sites file's id (empty for webhooks). */
  rateLimited(site: string, limit: RateLimitKind): void
  /** A Marketplace token renewal ended (see {@link TokenRefreshOutcome}). Optional: Marketplace mode only. */
  tokenRefresh?(outcome: TokenRefreshOutcome): void
  /** A location token was fetched from an agency grant (`/oauth/locationToken`). Optional. */
  locationToken?(): void
  /** The metrics as text. Absent: nothing to show, and `/metrics` stays a 404. */
  render?(): Promise<MetricsExposition>
}

const nothing = () => {}

/** Counts nothing: the default, and what runtimes without a metrics library use. */
export const NO_METRICS: Metrics = {
  request: nothing,
  slotRead: nothing,
  upstream: nothing,
  throttleWaiting: nothing,
  throttleWaited: nothing,
  throttleRefused: nothing,
  booking: nothing,
  opportunity: nothing,
  rateLimited: nothing,
}

/** Statuses GHL is documented to answer, kept as they are; any other is counted by its class. */
const KNOWN_STATUSES = new Set([200, 201, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 504])

/**
 * A GHL answer's status as a bounded label: the documented ones as numbers, any other by class (`3xx`), so a GHL
 * answering nonsense cannot grow the label set; `timeout` and `network` for an attempt without an answer.
 */
export function upstreamStatus(status: number | 'timeout' | 'network'): string {
  if (typeof status === 'string') return status
  if (KNOWN_STATUSES.has(status)) return String(status)
  return status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : 'other'
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])

/** A request's method as a bounded label: a visitor may send any token there. */
export function requestMethod(method: string): string {
  return METHODS.has(method) ? method : 'other'
}
