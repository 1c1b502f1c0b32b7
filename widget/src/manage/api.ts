/**
 * Manage mode's client of the proxy: a booking by its link's token, and the two changes (contract/manage.ts).
 * Every answer is the booking as it stands, with a fresh token that the next call uses. Its requests read answers
 * and errors as api.ts's do; written again here rather than shared, because sharing them would move bytes into
 * `widget.js`, which has none to spare.
 */
import { manageRoutes } from '../../../contract/manage-link.ts'
import type { CancelRequest, ManagedBooking, RescheduleRequest } from '../../../contract/manage.ts'
import type { ApiError } from '../../../contract/schemas.ts'
import { Failure, retryAfter, SETUP } from '../api.ts'

/** Options of `createManageApi`. */
export interface ManageApiOptions {
  /** Base URL of the proxy, no trailing slash. */
  proxy: string
  site: string
  /** The token of the link that opened the page. */
  token: string
  /** Injected for tests; the global `fetch` by default. */
  fetch?: typeof fetch
  /** The clock, for a `Retry-After` given as a date. Default `Date.now`. */
  now?: () => number
}

/** The client of one booking's link. Every method rejects with a `Failure`. */
export function createManageApi({
  proxy,
  site,
  token,
  fetch: fetchFn = fetch,
  now = Date.now,
}: ManageApiOptions) {
  /** The booking at `path`: a JSON answer with an `id`, or the contract's error, as a `Failure`. */
  async function request(path: (site: string, token: string) => string, init?: RequestInit) {
    let response: Response
    try {
      response = await fetchFn(proxy + path(site, token), init)
    } catch {
      throw new Failure('offline', 'No connection')
    }
    const body = await response.json().catch(() => undefined)
    if (response.ok) {
      if (body?.id == null) throw new Failure('invalid_response', 'Unexpected response')
      // The answer's token signs the booking as it is now (a moved booking's link lives until its new end).
      token = (body as ManagedBooking).manageToken || token
      return body as ManagedBooking
    }
    const { status } = response
    const error: Partial<ApiError['error']> = body?.error ?? {}
    const code =
      error.code ?? (status === 429 ? 'rate_limited' : status >= 500 ? 'upstream_unavailable' : 'internal')
    throw new Failure(code, error.message ?? `HTTP ${status}`, {
      retryAfter: retryAfter(response.headers.get('Retry-After'), now()),
      slots: error.slots,
      setup: SETUP.includes(code),
    })
  }
  /** POSTs `body` under `key`, so a retried change is done once. */
  const post = (path: (site: string, token: string) => string, body: object, key: string) =>
    request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    })
  return {
    /** The booking as GHL holds it now, and what its visitor may do. */
    booking: () => request(manageRoutes.booking),
    /** Moves the booking to a free slot; the same `key` for a retried attempt moves it once. */
    reschedule: (body: RescheduleRequest, key: string) => post(manageRoutes.reschedule, body, key),
    /** Cancels the booking, with the visitor's reason; the same `key` for a retried attempt. */
    cancel: (body: CancelRequest, key: string) => post(manageRoutes.cancel, body, key),
  }
}

/** Manage mode's client, for injection. */
export type ManageApi = ReturnType<typeof createManageApi>
