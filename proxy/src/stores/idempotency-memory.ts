/** The in-memory idempotency store: one process, bounded, entries expire. */
import { LRUCache } from 'lru-cache'
import { jsonBytes, LRU_ENTRY_BYTES, NUMBER_BYTES, objectBytes, stringBytes } from '../cache/sizes.ts'
import type { Clock } from '../types.ts'
import type { IdempotencyRecord, IdempotencyStore } from './idempotency.ts'

/** Options of {@link createMemoryIdempotencyStore}. */
export interface MemoryIdempotencyStoreOptions {
  /** Most keys kept; the least recently used go first. Default 10 000. Must be at least 1. */
  max?: number
  /**
   * Most bytes of keys and records (see cache/sizes.ts); the least recently used go first. Visitors choose keys
   * and bodies, so this is what a flood of bookings can fill. Default 8 MiB. Must be at least 1.
   */
  maxBytes?: number
  /** How long a finished answer is replayed, in ms. Default one day. */
  ttlMs?: number
  /**
   * How long a claim may stay pending, in ms. Default 2 minutes: long enough for a slow booking, short enough
   * that a request which died mid-way does not block its key for a day.
   */
  pendingTtlMs?: number
  /** Milliseconds since the epoch. Default `Date.now`. */
  clock?: Clock
}

const DAY_MS = 86_400_000

/** The in-process store, and the bytes it holds. */
export interface MemoryIdempotencyStore extends IdempotencyStore {
  /** Bytes held, as counted. */
  readonly bytes: number
}

/** What a record holds in bytes, its key and lru-cache's bookkeeping (with a TTL) included. */
function recordBytes(record: IdempotencyRecord, key: string): number {
  const response = record.state === 'done' ? objectBytes(3) + jsonBytes(record.response) : 0
  return (
    LRU_ENTRY_BYTES +
    2 * NUMBER_BYTES +
    stringBytes(key) +
    objectBytes(3) +
    stringBytes(record.fingerprint) +
    response
  )
}

/** Builds an {@link IdempotencyStore} in this process's memory (lru-cache with TTL and the injected clock). */
export function createMemoryIdempotencyStore(
  options: MemoryIdempotencyStoreOptions = {},
): MemoryIdempotencyStore {
  const { max = 10_000, maxBytes = 8 * 1024 * 1024, ttlMs = DAY_MS, pendingTtlMs = 120_000 } = options
  const clock = options.clock ?? Date.now
  if (!(max >= 1) || !(maxBytes >= 1) || !(ttlMs > 0) || !(pendingTtlMs > 0)) {
    throw new RangeError('The idempotency store needs max and maxBytes >= 1 and positive TTLs')
  }
  const cache = new LRUCache<string, IdempotencyRecord>({
    max,
    maxSize: maxBytes,
    sizeCalculation: recordBytes,
    ttl: ttlMs,
    // The clock is injected, so no caching of "now" between calls.
    ttlResolution: 0,
    perf: { now: clock },
  })

  return {
    get bytes() {
      return cache.calculatedSize
    },
    async claim(key, fingerprint) {
      // Synchronous between the read and the write, so two claims in this process cannot both win.
      const existing = cache.get(key)
      if (existing) return existing
      cache.set(key, { state: 'pending', fingerprint }, { ttl: pendingTtlMs })
      return undefined
    },
    async get(key) {
      return cache.get(key)
    },
    async complete(key, fingerprint, response) {
      cache.set(key, { state: 'done', fingerprint, response })
    },
    async release(key) {
      cache.delete(key)
    },
  }
}
