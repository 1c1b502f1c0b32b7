/**
 * Booking quotas on Redis: a sorted set of use times per key, taken and given back by Lua scripts (see scripts.ts),
 * a sliding window exactly as the memory store keeps it.
 *
 * Redis down: a quota cannot be checked, so the booking is refused (503, see unavailable.ts); a use that cannot be
 * given back leaves the window by itself.
 */
import type { Clock } from '../../types.ts'
import type { QuotaStore } from '../quota-store.ts'
import type { RedisConnection } from './connection.ts'
import { bookingsPaused } from './unavailable.ts'

/** Options of {@link createRedisQuotaStore}. */
export interface RedisQuotaStoreOptions {
  connection: RedisConnection
  /** Put before every key. Default `ghl-booking:`. */
  prefix?: string
  /** The time of a use. Default `Date.now`. */
  clock?: Clock
}

/** Builds a {@link QuotaStore} on Redis. */
export function createRedisQuotaStore(options: RedisQuotaStoreOptions): QuotaStore {
  const { connection, prefix = 'ghl-booking:' } = options
  const clock = options.clock ?? Date.now
  let uses = 0
  // Members must differ even within one millisecond and across instances.
  const instance = crypto.randomUUID()
  return {
    async take(key, limit, windowMs) {
      const at = clock()
      try {
        const [allowed, retryAfterMs] = await connection.run((client) =>
          client.quotaTake(`${prefix}quota:${key}`, at, limit, windowMs, `${at}:${instance}:${++uses}`),
        )
        return { allowed: allowed === 1, at, retryAfterMs: Number(retryAfterMs) }
      } catch (error) {
        throw bookingsPaused(error)
      }
    },
    async giveBack(key, at) {
      // Not given back for want of Redis: the use leaves the window by itself, and the visitor's answer stands.
      await connection.run((client) => client.quotaGiveBack(`${prefix}quota:${key}`, at)).catch(() => {})
    },
  }
}
