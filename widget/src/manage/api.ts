/**
 * Manage mode's client of the proxy: a booking by its link's token, and the two changes (contract/manage.ts).
 * Every answer is the booking as it stands, with a fresh token that the next call uses.
 */
import { manageRoutes } from '../../../contract/manage-link.ts'
import type { CancelRequest, ManagedBooking, RescheduleRequest } from '../../../contract/manage.ts'
import type { Requester } from '../api.ts'

/** Options of `createManageApi`. */
export interface ManageApiOptions {
  /** The proxy's calls (api.ts's `createRequest`). */
  request: Requester
  site: string
  /** The token of the link that opened the page. */
  token: string
}

/** The client of one booking's link. Every method rejects with a `Failure`. */
export function createManageApi({ request, site, token }: ManageApiOptions) {
  /** POSTs `body` under `key`, so a retried change is done once. */
  const post = async (path: string, body: object, key: string) => {
    const booking = await request<ManagedBooking>(path, 'id', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    })
    return keep(booking)
  }
  /** The answer's token signs the booking as it is now (a moved booking's link lives until its new end). */
  const keep = (booking: ManagedBooking) => {
    token = booking.manageToken || token
    return booking
  }
  return {
    /** The booking as GHL holds it now, and what its visitor may do. */
    booking: () => request<ManagedBooking>(manageRoutes.booking(site, token), 'id').then(keep),
    /** Moves the booking to a free slot; the same `key` for a retried attempt moves it once. */
    reschedule: (body: RescheduleRequest, key: string) =>
      post(manageRoutes.reschedule(site, token), body, key),
    /** Cancels the booking, with the visitor's reason; the same `key` for a retried attempt. */
    cancel: (body: CancelRequest, key: string) => post(manageRoutes.cancel(site, token), body, key),
  }
}

/** Manage mode's client, for injection. */
export type ManageApi = ReturnType<typeof createManageApi>
