/**
 * Where rate-limit counters live. The interface is one atomic "count a hit" call, so a shared store
 * (Redis INCR + PEXPIRE) can replace the in-memory one when several proxy instances run.
 */
import { LRUCache } from 'lru-cache'
import { LRU_ENTRY_BYTES, NUMBER_BYTES, objectBytes, stringBytes } from '../cache/sizes.ts'
import type { Clock } from '../types.ts'

/** A counter after one hit: hits in the current fixed window and when that window ends (epoch ms). */
export interface RateLimitCount {
  count: number
  resetAt: number
}

/** Counts hits per key in fixed windows. */
export interface RateLimitStore {
  /**
   * Adds one hit to `key`'s window of `windowMs` and returns the new count: a store in this process may answer at
   * once, a shared one with a promise or any thenable (a Durable Object stub's result), which callers await.
   */
  hit(key: string, windowMs: number): RateLimitCount | PromiseLike<RateLimitCount>
}

/** Options of {@link createMemoryRateLimitStore}. */
export interface MemoryRateLimitStoreOptions {
  /** Most keys tracked; the least recently used go first (an evicted visitor starts a new window). Default 100 000. */
  maxKeys?: number
  /**
   * Most bytes of keys and counters (see cache/sizes.ts). Visitors choose their keys (an address each), so this is
   * what a flood of addresses can fill: 16 MiB holds about 70 000 visitors. Default 16 MiB.
   */
  maxBytes?: number
  /** Default `Date.now`. */
  clock?: Clock
}

/** The in-process store, and the bytes it holds. */
export interface MemoryRateLimitStore extends RateLimitStore {
  /** Bytes held, as counted. */
  readonly bytes: number
}

/** A counter: an object of two fields, one of them a boxed number (`resetAt`, an epoch ms). */
const COUNTER_BYTES = objectBytes(2) + NUMBER_BYTES

/** A store for one process; it answers at once. */
export function createMemoryRateLimitStore(options: MemoryRateLimitStoreOptions = {}): MemoryRateLimitStore {
  const clock = options.clock ?? Date.now
  const maxBytes = options.maxBytes ?? 16 * 1024 * 1024
  if (!(maxBytes >= 1)) throw new RangeError('The rate-limit store needs maxBytes of at least 1')
  const counters = new LRUCache<string, RateLimitCount>({
    max: options.maxKeys ?? 100_000,
    maxSize: maxBytes,
    sizeCalculation: (_, key) => LRU_ENTRY_BYTES + stringBytes(key) + COUNTER_BYTES,
  })
  return {
    get bytes() {
      return counters.calculatedSize
    },
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
