/**
 * GHL's limits per location: a burst of `max` requests per `intervalMs` and a daily quota, reported in the five
 * `X-RateLimit-*` headers of every response. The burst window slides (a log of request times), the strictest
 * reading of "100 per 10 seconds": a client that stays under it here stays under it on any fixed window too.
 */

/** The burst limit. */
export interface BurstLimit {
  /** Requests allowed per interval. GHL: 100. */
  max: number
  /** Interval length in ms. GHL: 10 000. */
  intervalMs: number
}

/** Options of {@link createRateLimiter}. */
export interface RateLimiterOptions {
  /** Burst limit; default 100 per 10 s. */
  burst?: BurstLimit
  /** Requests per location per UTC day; default 200 000. */
  dailyLimit?: number
  /** Clock, epoch ms. */
  now: () => number
}

/** The verdict for one request. */
export interface RateDecision {
  allowed: boolean
  /** The five headers GHL sends, with the counts after this request. */
  headers: Record<string, string>
}

/** A per-location limiter. */
export interface RateLimiter {
  /** Counts one request for `locationId` unless a limit is reached. */
  take(locationId: string): RateDecision
  /** The headers for a request refused for another reason (a forced 429 burst): remaining burst shown as 0. */
  exhausted(locationId: string): Record<string, string>
  /** Forgets all counts. */
  reset(): void
}

const DAY = 86_400_000

/** Builds a limiter with an injected clock. */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const burst = options.burst ?? { max: 100, intervalMs: 10_000 }
  const dailyLimit = options.dailyLimit ?? 200_000
  const recent = new Map<string, number[]>()
  const daily = new Map<string, { day: number; count: number }>()

  function counts(locationId: string, now: number) {
    const log = (recent.get(locationId) ?? []).filter((t) => t > now - burst.intervalMs)
    recent.set(locationId, log)
    const today = Math.floor(now / DAY)
    let day = daily.get(locationId)
    if (!day || day.day !== today) daily.set(locationId, (day = { day: today, count: 0 }))
    return { log, day }
  }

  function headers(burstRemaining: number, dailyRemaining: number): Record<string, string> {
    return {
      'X-RateLimit-Limit-Daily': String(dailyLimit),
      'X-RateLimit-Daily-Remaining': String(Math.max(0, dailyRemaining)),
      'X-RateLimit-Interval-Milliseconds': String(burst.intervalMs),
      'X-RateLimit-Max': String(burst.max),
      'X-RateLimit-Remaining': String(Math.max(0, burstRemaining)),
    }
  }

  return {
    take(locationId) {
      const now = options.now()
      const { log, day } = counts(locationId, now)
      if (log.length >= burst.max || day.count >= dailyLimit) {
        return { allowed: false, headers: headers(burst.max - log.length, dailyLimit - day.count) }
      }
      log.push(now)
      day.count++
      return { allowed: true, headers: headers(burst.max - log.length, dailyLimit - day.count) }
    },
    exhausted(locationId) {
      const { day } = counts(locationId, options.now())
      return headers(0, dailyLimit - day.count)
    },
    reset() {
      recent.clear()
      daily.clear()
    },
  }
}
