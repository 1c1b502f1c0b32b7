/** Replay memory for webhooks: every `webhookId` is accepted once. */
import { LRUCache } from 'lru-cache'
import { LRU_ENTRY_BYTES, NUMBER_BYTES, stringBytes } from '../cache/sizes.ts'
import type { Clock } from '../types.ts'

/** Remembers webhook ids. An interface, so several proxy instances can share one (Redis) later. */
export interface ReplayGuard {
  /** Records `id`; resolves true the first time, false when it was seen within the TTL. Must be atomic. */
  firstSeen(id: string): Promise<boolean>
}

/** Options of {@link createMemoryReplayGuard}. */
export interface MemoryReplayGuardOptions {
  /** Most ids kept; the oldest go first. Default 50 000. */
  max?: number
  /**
   * Most bytes of ids (see cache/sizes.ts); the oldest go first. Ids are remembered only from signed deliveries,
   * but their length is GHL's to choose. Default 4 MiB.
   */
  maxBytes?: number
  /**
   * How long an id is remembered, in ms. Default 10 minutes: longer than the accepted timestamp window on both
   * sides, so a replay old enough to be forgotten is already refused as stale.
   */
  ttlMs?: number
  /** Milliseconds since the epoch. Default `Date.now`. */
  clock?: Clock
}

/** The in-process guard, and the bytes it holds. */
export interface MemoryReplayGuard extends ReplayGuard {
  /** Bytes held, as counted. */
  readonly bytes: number
}

/** Builds an in-memory {@link ReplayGuard} (lru-cache, bounded, with TTL on the injected clock). */
export function createMemoryReplayGuard(options: MemoryReplayGuardOptions = {}): MemoryReplayGuard {
  const { max = 50_000, maxBytes = 4 * 1024 * 1024, ttlMs = 600_000, clock = Date.now } = options
  if (!(max >= 1) || !(maxBytes >= 1) || !(ttlMs > 0)) {
    throw new RangeError('The replay guard needs max and maxBytes >= 1 and a positive TTL')
  }
  const seen = new LRUCache<string, true>({
    max,
    maxSize: maxBytes,
    // The id, and lru-cache's bookkeeping with its TTL start and length.
    sizeCalculation: (_, id) => LRU_ENTRY_BYTES + 2 * NUMBER_BYTES + stringBytes(id),
    ttl: ttlMs,
    ttlResolution: 0,
    perf: { now: clock },
  })
  return {
    get bytes() {
      return seen.calculatedSize
    },
    async firstSeen(id) {
      if (seen.has(id)) return false
      seen.set(id, true)
      return true
    },
  }
}
