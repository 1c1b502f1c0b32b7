/**
 * Where booking quotas are counted. A quota is small (a few bookings an hour or a day) and must hold exactly
 * under concurrency, so the store keeps the time of each counted use in a sliding window and takes one atomically:
 * a shared store can do the same with a Redis sorted set per key and one Lua script (ZREMRANGEBYSCORE, ZCARD,
 * ZADD, PEXPIRE), and give a use back with ZREM. The rate-limit store's fixed-window counter does not fit: a
 * booking that ends up not made must give its use back, and a window edge must not let twice the limit through.
 */
import { LRUCache } from 'lru-cache'
import type { Clock } from '../types.ts'

/** The outcome of {@link QuotaStore.take}. */
export interface QuotaTake {
  /** Whether the use was counted: fewer than the limit were in the window. */
  allowed: boolean
  /** When allowed, the use's time (epoch ms): give it back with this. */
  at: number
  /** When refused, how long until the oldest counted use leaves the window, in ms. */
  retryAfterMs: number
}

/** Counts uses per key in a sliding window. Methods answer at once in memory, with a promise from a shared store. */
export interface QuotaStore {
  /** Counts one use of `key` now if fewer than `limit` lie within the last `windowMs`. */
  take(key: string, limit: number, windowMs: number): QuotaTake | Promise<QuotaTake>
  /** Takes back the use counted at `at` (a booking that was not made). */
  giveBack(key: string, at: number): void | Promise<void>
}

/** Options of {@link createMemoryQuotaStore}. */
export interface MemoryQuotaStoreOptions {
  /** Most keys kept; the least recently used go first (an evicted key starts afresh). Default 100 000. */
  maxKeys?: number
  /** Most bytes kept, keys included. Default 16 MiB. */
  maxBytes?: number
  /** Default `Date.now`. */
  clock?: Clock
}

/** A quota store for one process. */
export function createMemoryQuotaStore(options: MemoryQuotaStoreOptions = {}): QuotaStore {
  const clock = options.clock ?? Date.now
  // Use times per key, oldest first. Keys hold visitor addresses and e-mail addresses: bounded by bytes.
  const uses = new LRUCache<string, number[]>({
    max: options.maxKeys ?? 100_000,
    maxSize: options.maxBytes ?? 16 * 1024 * 1024,
    sizeCalculation: (times, key) => 64 + key.length * 2 + times.length * 8,
    ttlResolution: 0,
    perf: { now: clock },
  })

  return {
    take(key, limit, windowMs) {
      const now = clock()
      const recent = (uses.get(key) ?? []).filter((at) => at > now - windowMs)
      if (recent.length >= limit) {
        uses.set(key, recent, { ttl: recent.at(-1)! + windowMs - now })
        return { allowed: false, at: now, retryAfterMs: recent[recent.length - limit]! + windowMs - now }
      }
      recent.push(now)
      // A key lives as long as its newest use counts.
      uses.set(key, recent, { ttl: windowMs })
      return { allowed: true, at: now, retryAfterMs: 0 }
    },

    giveBack(key, at) {
      const times = uses.get(key)
      const index = times?.indexOf(at) ?? -1
      if (!times || index < 0) return
      times.splice(index, 1)
      if (times.length === 0) uses.delete(key)
      // Changed in place: set again so lru-cache recounts the entry's size, keeping its time to live.
      else uses.set(key, times, { ttl: uses.getRemainingTTL(key) })
    },
  }
}
