/**
 * Rate-limit counters on Redis: one atomic INCR per hit on a key per fixed window, the windows aligned to the epoch
 * as in the memory store, so every instance counts into the same window and the `RateLimit` headers are exact.
 *
 * Redis down: each instance counts in its own memory instead (fail open to a local limit), so while Redis is away a
 * site's limit holds per instance, at most the number of instances times the limit in all. A request is never held
 * up: while Redis is known to be down the memory store answers at once, without trying.
 */
import type { Clock } from '../../types.ts'
import type { RateLimitCount, RateLimitStore } from '../rate-limit.ts'
import type { RedisConnection } from './connection.ts'

/** Options of {@link createRedisRateLimitStore}. */
export interface RedisRateLimitStoreOptions {
  connection: RedisConnection
  /** Counts while Redis cannot be reached (the memory store). Required. */
  fallback: RateLimitStore
  /** Put before every key. Default `ghl-booking:`. */
  prefix?: string
  /** Which window a hit falls in. Default `Date.now`. */
  clock?: Clock
}

/** Keys outlive their window by this much, so an instance whose clock is a little behind still finds its count. */
const GRACE_MS = 5_000

/** Builds a {@link RateLimitStore} on Redis. */
export function createRedisRateLimitStore(options: RedisRateLimitStoreOptions): RateLimitStore {
  const { connection, fallback, prefix = 'ghl-booking:' } = options
  const clock = options.clock ?? Date.now
  return {
    hit(key, windowMs) {
      if (!connection.up) return fallback.hit(key, windowMs)
      const now = clock()
      const window = Math.floor(now / windowMs)
      const resetAt = (window + 1) * windowMs
      return connection
        .run((client) => client.rateLimitHit(`${prefix}rl:${key}:${window}`, resetAt - now + GRACE_MS))
        .then(
          (count): RateLimitCount => ({ count: Number(count), resetAt }),
          () => fallback.hit(key, windowMs),
        )
    },
  }
}
