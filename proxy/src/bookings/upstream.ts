/** How GHL failures on the booking path become contract errors. */
import { ProxyError } from '../errors.ts'
import { GhlError } from '../ghl/types.ts'

const SLOT_TAKEN = /slot you have selected is no longer available/i

/** GHL's answer for a slot that is no longer free: a 400, or a 422, carrying that message. */
export function isSlotTaken(error: unknown): boolean {
  return (
    error instanceof GhlError &&
    error.kind === 'rejected' &&
    (error.status === 400 || error.status === 422) &&
    SLOT_TAKEN.test(error.message)
  )
}

/**
 * Whether a failed create may still have created the appointment: the request may have reached GHL
 * (timeout, 5xx, a reply that did not validate). A 429 or a refused connection never did.
 */
export function mayHaveCreated(error: unknown): boolean {
  if (!(error instanceof GhlError)) return true
  return error.kind === 'timeout' || error.kind === 'malformed' || error.kind === 'unavailable'
}

/** 503 `upstream_unavailable` with Retry-After: the visitor may retry with the same key. */
export function unavailable(retryAfterSeconds = 2, cause?: unknown): ProxyError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds))
  return new ProxyError(
    503,
    'upstream_unavailable',
    'The calendar is not reachable right now; please try again in a moment',
    { headers: { 'Retry-After': String(seconds) }, cause },
  )
}

/** Maps any failure of a GHL call to the contract error the visitor sees. ProxyErrors pass through. */
export function toProxyError(error: unknown): ProxyError {
  if (error instanceof ProxyError) return error
  if (error instanceof GhlError) {
    if (error.kind === 'rejected') {
      // Not the visitor's input (that was validated): the calendar's settings or the proxy's access refused it.
      return new ProxyError(
        502,
        'upstream_rejected',
        'The calendar refused this booking; please contact us',
        {
          cause: error,
        },
      )
    }
    return unavailable(error.retryAfter, error)
  }
  return new ProxyError(500, 'internal', 'Something went wrong on our side; please try again', {
    cause: error,
  })
}
