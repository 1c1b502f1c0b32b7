/**
 * The widget's client of the proxy: builds the contract's routes and types the answers with its schemas.
 * The proxy is the trust boundary for upstream data, so answers get a sanity check rather than a full parse.
 * The routes are handed in (`routes` of the contract): the first screen gets them from the loader, so it loads
 * without the contract's schemas, which only the form needs.
 */
import type {
  ApiError,
  Booking,
  BookingRequestInput,
  CalendarInfo,
  CompactSlotsResponse,
  ErrorCode,
  Issue,
  routes,
  Slot,
} from '../../contract/schemas.ts'
import { readSlots } from './slot-shape.ts'
import { localeUrl, slotsPath } from './urls.ts'

/** What went wrong: a contract code, or `offline` (no answer at all) or `invalid_response` (an answer we cannot read). */
export type FailureCode = ErrorCode | 'offline' | 'invalid_response'

/**
 * A failed call, with the contract's details when the proxy sent them. `setup` marks a failure only the site owner
 * can end (the proxy's sites file, or GHL refusing to read the calendar): trying again cannot help.
 */
export class Failure extends Error {
  constructor(
    readonly code: FailureCode,
    message: string,
    readonly extra: { retryAfter?: number; issues?: Issue[]; slots?: Slot[]; setup?: boolean } = {},
  ) {
    super(message)
  }
}

/**
 * The proxy's refusals of a page origin, site id or calendar id its sites file does not list, and of a site whose
 * location's Marketplace app is not installed (`not_connected`): only the owner's install ends that.
 */
export const SETUP: FailureCode[] = [
  'origin_not_allowed',
  'unknown_site',
  'unknown_calendar',
  'not_connected',
]

/** Options of `createApi`. */
export interface ApiOptions {
  /** Base URL of the proxy, no trailing slash. */
  proxy: string
  site: string
  calendar: string
  /** The contract's `routes`. */
  routes: typeof routes
  /**
   * Injected for tests, and by the first screen to take over the requests the loader started; the global
   * `fetch` by default.
   */
  fetch?: typeof fetch
  /** The clock, for a `Retry-After` given as a date. Default `Date.now`. */
  now?: () => number
}

/** Seconds to wait from a `Retry-After` header (seconds or an HTTP date), at least 1, or undefined. */
export const retryAfter = (header: string | null, now: number): number | undefined =>
  // An unreadable header gives NaN, and `Math.max(1, NaN)` is NaN too.
  (header && Math.max(1, Math.ceil(Number(header) || (Date.parse(header) - now) / 1000))) || undefined

/** The client of one widget's calendar. Every method rejects with a `Failure`. */
export function createApi({
  proxy,
  site,
  calendar: calendarId,
  routes,
  fetch: fetchFn = fetch,
  now = Date.now,
}: ApiOptions) {
  /** Fetches `path`; a success must be a JSON object with the field `expected`, an error the contract's shape. */
  async function request<T>(path: string, expected: keyof T, init?: RequestInit): Promise<T> {
    let response: Response
    try {
      response = await fetchFn(proxy + path, init)
    } catch {
      throw new Failure('offline', 'No connection')
    }
    const body = await response.json().catch(() => undefined)
    const { ok, status } = response
    if (ok) {
      if (body?.[expected] != null) return body
      throw new Failure('invalid_response', 'Unexpected response')
    }
    const retry = retryAfter(response.headers.get('Retry-After'), now())
    const error: Partial<ApiError['error']> = body?.error ?? {}
    const code =
      error.code ?? (status === 429 ? 'rate_limited' : status >= 500 ? 'upstream_unavailable' : 'internal')
    throw new Failure(code, error.message ?? `HTTP ${status}`, {
      retryAfter: retry,
      issues: error.issues,
      slots: error.slots,
      // GHL refusing a read (the token, the location) is as final as a refusal of the proxy's own.
      setup: SETUP.includes(code) || (code == 'upstream_rejected' && !init),
    })
  }

  return {
    /** The calendar's name, duration, zone and form rules. */
    calendar: () => request<CalendarInfo>(routes.calendar(site, calendarId), 'form'),
    /** Free slots whose start falls between the local dates `from` and `to` in `timeZone`, in order. */
    slots: (from: string, to: string, timeZone: string): Promise<Slot[]> =>
      request<CompactSlotsResponse>(slotsPath(routes, site, calendarId, from, to, timeZone), 'to').then(
        (body) => readSlots(body) ?? Promise.reject(new Failure('invalid_response', 'Unexpected response')),
      ),
    /**
     * The messages of a language other than English, as the proxy serves them (`/widget/locales/es.json`).
     * Unchecked, whatever the status: `messagesFrom` takes only the strings it knows, so an error body (or
     * anything else) gives English. No timeout of its own: the proxy answers it from memory, so it takes no
     * longer than the calendar request it travels with, which has none either.
     */
    messages: (lang: string): Promise<unknown> => fetchFn(localeUrl(proxy, lang)).then((r) => r.json()),
    /** Books a slot; the same `key` for a retried attempt makes the proxy answer with the same booking. */
    book: (body: BookingRequestInput, key: string) =>
      request<Booking>(routes.bookings(site), 'id', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
      }),
  }
}

/** The client's type, for injection. */
export type Api = ReturnType<typeof createApi>
