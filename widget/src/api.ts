/** The widget's client of the proxy: builds the contract's routes and validates every response with its schemas. */
import * as v from 'valibot'
import {
  ApiError,
  Booking,
  CalendarInfo,
  routes,
  SlotsResponse,
  type BookingRequestInput,
  type ErrorCode,
  type Issue,
  type Slot,
} from '../../proxy/src/contract.ts'

/** What went wrong: a contract code, or `offline` (no answer at all) or `invalid_response` (an answer we cannot read). */
export type FailureCode = ErrorCode | 'offline' | 'invalid_response'

/** A failed call, with the contract's details when the proxy sent them. */
export class Failure extends Error {
  constructor(
    readonly code: FailureCode,
    message: string,
    readonly extra: { retryAfter?: number; issues?: Issue[]; slots?: Slot[] } = {},
  ) {
    super(message)
  }
}

/** Options of `createApi`. */
export interface ApiOptions {
  /** Base URL of the proxy, no trailing slash. */
  proxy: string
  site: string
  calendar: string
  /** Injected for tests; the global `fetch` by default. */
  fetch?: typeof fetch
}

/** Seconds to wait from a `Retry-After` header (seconds or an HTTP date), at least 1, or undefined. */
const retryAfter = (header: string | null): number | undefined =>
  // An unreadable header gives NaN, and `Math.max(1, NaN)` is NaN too.
  (header && Math.max(1, Math.ceil(Number(header) || (Date.parse(header) - Date.now()) / 1000))) || undefined

/** The client of one widget's calendar. Every method rejects with a `Failure`. */
export function createApi({ proxy, site, calendar: calendarId, fetch: fetchFn = fetch }: ApiOptions) {
  async function request<S extends v.GenericSchema>(
    path: string,
    schema: S,
    init?: RequestInit,
  ): Promise<v.InferOutput<S>> {
    let response: Response
    try {
      response = await fetchFn(proxy + path, init)
    } catch {
      throw new Failure('offline', 'No connection')
    }
    const body: unknown = await response.json().catch(() => undefined)
    const { ok, status } = response
    const parsed = v.safeParse(ok ? schema : ApiError, body)
    if (ok) {
      if (parsed.success) return parsed.output
      throw new Failure('invalid_response', 'Unexpected response')
    }
    const wait = retryAfter(response.headers.get('Retry-After'))
    if (parsed.success) {
      const { code, message, issues, slots } = (parsed.output as ApiError).error
      throw new Failure(code, message, { retryAfter: wait, issues, slots })
    }
    const code = status === 429 ? 'rate_limited' : status >= 500 ? 'upstream_unavailable' : 'internal'
    throw new Failure(code, `HTTP ${status}`, { retryAfter: wait })
  }

  return {
    /** The calendar's name, duration, zone and form rules. */
    calendar: () => request(routes.calendar(site, calendarId), CalendarInfo),
    /** Free slots whose start falls between the local dates `from` and `to` in `timeZone`. */
    slots: (from: string, to: string, timeZone: string) =>
      request(
        `${routes.slots(site, calendarId)}?${new URLSearchParams({ from, to, timeZone })}`,
        SlotsResponse,
      ),
    /** Books a slot; the same `key` for a retried attempt makes the proxy answer with the same booking. */
    book: (body: BookingRequestInput, key: string) =>
      request(routes.bookings(site), Booking, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
      }),
  }
}

/** The client's type, for injection. */
export type Api = ReturnType<typeof createApi>
