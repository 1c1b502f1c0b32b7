/** When and how long to wait before retrying a GHL call: full-jitter backoff and GHL's rate-limit headers. */

/** Backoff settings shared by the client's retry loops. */
export interface BackoffOptions {
  /** First backoff cap in ms; attempt n waits up to `baseMs * 2^n`. Default 500. */
  baseMs?: number
  /** Largest single wait in ms, whatever a header asks. Default 10 000. */
  maxMs?: number
  /** Attempts in total, the first included. Default 4. */
  maxAttempts?: number
}

/** Full jitter (AWS architecture blog): uniform in [0, min(max, base * 2^attempt)], so retries spread out. */
export function jitteredBackoff(
  attempt: number,
  random: () => number,
  baseMs: number,
  maxMs: number,
): number {
  return Math.round(random() * Math.min(maxMs, baseMs * 2 ** attempt))
}

/**
 * What a GHL 429 says about waiting: a delay in ms if it names one, and whether the daily quota is gone. Only for
 * a 429: GHL sends the `X-RateLimit-*` headers on every answer, whatever its status.
 */
export function rateLimitHint(headers: Headers, now: number): { waitMs?: number; dailyExhausted: boolean } {
  const dailyExhausted = headers.get('x-ratelimit-daily-remaining')?.trim() === '0'
  const retryAfter = headers.get('retry-after')?.trim()
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return { waitMs: Number(retryAfter) * 1000, dailyExhausted }
    const at = Date.parse(retryAfter)
    if (!Number.isNaN(at)) return { waitMs: Math.max(0, at - now), dailyExhausted }
  }
  const interval = Number(headers.get('x-ratelimit-interval-milliseconds'))
  // The interval header only tells how long the burst window is; without Retry-After that is the safe wait.
  if (Number.isFinite(interval) && interval > 0) return { waitMs: interval, dailyExhausted }
  return { dailyExhausted }
}

/** Whether a fetch failure means the connection was refused, so the request certainly never reached GHL. */
export function isConnectionRefused(error: unknown): boolean {
  const seen = new Set<unknown>()
  const visit = (e: unknown): boolean => {
    if (!e || typeof e !== 'object' || seen.has(e)) return false
    seen.add(e)
    const { code, cause, errors } = e as { code?: unknown; cause?: unknown; errors?: unknown }
    if (code === 'ECONNREFUSED') return true
    if (Array.isArray(errors) && errors.some(visit)) return true
    return visit(cause)
  }
  return visit(error)
}
