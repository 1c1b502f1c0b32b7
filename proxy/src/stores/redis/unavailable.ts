/** What a visitor is told when a booking needs Redis and Redis cannot be reached. */
import { ProxyError } from '../../errors.ts'

/** Seconds a visitor is asked to wait before retrying a booking refused for want of Redis. */
export const PAUSED_RETRY_SECONDS = 5

/**
 * 503 `upstream_unavailable` with Retry-After: without the shared idempotency keys another instance could book the
 * same request a second time, so no booking starts until Redis answers again. Nothing was written to GHL.
 */
export function bookingsPaused(cause?: unknown): ProxyError {
  return new ProxyError(
    503,
    'upstream_unavailable',
    'Bookings are paused for a moment; please try again shortly',
    { headers: { 'Retry-After': String(PAUSED_RETRY_SECONDS) }, cause },
  )
}
