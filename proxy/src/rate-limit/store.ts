/**
 * Where rate-limit counters live. The interface is one atomic "count a hit" call, so a shared store
 * (Redis INCR + PEXPIRE) can replace the in-memory one when several proxy instances run.
 */
import { LRUCache } from 'lru-cache'
import type { Clock } from '../types.ts'

/** A counter after one hit: hits in the current fixed window and when that window ends (epoch ms). */
export interface RateLimitCount {
  count: number
  resetAt: number
}

/** Counts hits per key in fixed windows. */
export interface RateLimitStore {
  /**
   * Adds one hit to `key`'s window of `windowMs` and returns the new count: a shared store answers with a
   * promise, a store in this process may answer at once (the request then needs no turn of the event loop).
   */
  hit(key: string, windowMs: number): RateLimitCount | Promise<RateLimitCount>
}

/** Options of {@link createMemoryRateLimitStore}. */
export interface MemoryRateLimitStoreOptions {
  /** Most keys tracked; the least recently used go first (an evicted visitor starts a new window). Default 100 000. */
  maxKeys?: number
  /** Default `Date.now`. */
  clock?: Clock
}

/** A store for one process; it answers at once. */
export function createMemoryRateLimitStore(options: MemoryRateLimitStoreOptions = {}): RateLimitStore {
  const clock = options.clock ?? Date.now
  const counters = new LRUCache<string, RateLimitCount>({ max: options.maxKeys ?? 100_000 })
  return {
    hit(key, windowMs) {
      const now = clock()
      const current = counters.get(key)
      if (!current || current.resetAt <= now) {
        // Windows align to the epoch so every instance (and a Redis store) agrees on when they reset.
        const counter = { count: 1, resetAt: (Math.floor(now / windowMs) + 1) * windowMs }
        counters.set(key, counter)
        return { ...counter }
      }
      current.count++
      return { ...current }
    },
  }
}
