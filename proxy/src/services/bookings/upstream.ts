/** How GHL failures on the booking path become contract errors. */
import { ProxyError, toProxyError as toAnyProxyError } from '../../errors.ts'
import { GhlError } from '../../ghl/types.ts'

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

/**
 * Maps any failure on the booking path to the contract error the visitor sees, as everywhere else, except that
 * an unavailable upstream always says when to retry: a retry with the same Idempotency-Key is always safe here.
 */
export function toProxyError(error: unknown): ProxyError {
  const mapped = toAnyProxyError(error)
  if (mapped.code !== 'upstream_unavailable') return mapped
  return mapped.headers?.['Retry-After'] ? mapped : unavailable(undefined, error)
}
