/**
 * A loading cache on lru-cache's `fetch()`: concurrent misses for a key share one load, fresh entries are
 * served for `ttlMs`, then served while a background load refreshes them (stale-while-revalidate), and when a
 * load fails or is slow an older entry is served marked stale (stale-if-error), while the load goes on. Bounded
 * by entries and by bytes. Every load is handed to the `waitUntil` of the read that started it: on an edge
 * runtime a load that outlives its request's answer (in the background, behind a stale answer, or past the
 * read's deadline) would otherwise end with it.
 */
import { LRUCache } from 'lru-cache'
import type { Clock, ReadContext } from '../types.ts'
import { jsonBytes, LRU_ENTRY_BYTES, NUMBER_BYTES, objectBytes, stringBytes } from './sizes.ts'

/** Options of {@link createSwrCache}. */
export interface SwrCacheOptions<V> {
  /** How long an entry is fresh, in ms. */
  ttlMs: number
  /** How long past `ttlMs` an entry is still served at once while it reloads, in ms. Default `ttlMs / 2`. */
  staleWhileRevalidateMs?: number
  /** How long past `ttlMs` an entry may stand in for a failed or slow load, marked stale, in ms. Default 1 hour. */
  staleIfErrorMs?: number
  /**
   * How long after a reload of an entry past the revalidate window started its readers wait for it, in ms; then
   * they get that entry, marked stale, and the reload goes on for the next read. Default 500: GHL answers a
   * healthy read well within it, and a visitor is not held by a struggling one.
   */
  staleAfterMs?: number
  /** Most entries kept. Required: an unbounded cache is refused. */
  maxEntries: number
  /** Most bytes kept, as counted by `sizeOf` plus each key and entry's bookkeeping. Required, at least 1. */
  maxBytes: number
  /** Bytes a value holds (see sizes.ts). Default {@link jsonBytes}. */
  sizeOf?: (value: V) => number
  /** Default `Date.now`. */
  clock?: Clock
}

/** A cached value, whether it is older than the cache would normally serve (a load failed), and its load's time. */
export interface CacheRead<V> {
  value: V
  stale: boolean
  /** When the value was loaded, epoch ms of the cache's clock. */
  loadedAt: number
  /** Whether the read waited for a load (nothing held, or held past the revalidate window). */
  waited: boolean
}

/** See {@link createSwrCache}. */
export interface SwrCache<V> {
  /**
   * The value for `key`, loading it with `load` when needed; a load this read starts goes to `context.waitUntil`.
   * Throws the load's error when there is nothing to serve.
   */
  get(key: string, load: () => Promise<V>, context?: ReadContext): Promise<CacheRead<V>>
  /** The value for `key` when it is held and fresh, without loading or touching recency; else undefined. */
  peekFresh(key: string): V | undefined
  /** Forgets `key`; a load in flight still answers its waiters but is not stored. */
  delete(key: string): void
  /** Number of entries held. */
  readonly size: number
  /** Bytes held, as counted (never above `maxBytes`). */
  readonly bytes: number
}

interface Entry<V> {
  value: V
  loadedAt: number
  bytes: number
}

/** What `fetch()` hands the load: how to load, and where a load that outlives the read goes. */
interface Load<V> {
  load: () => Promise<V>
  waitUntil?: ReadContext['waitUntil']
}

/** An entry's own object and lru-cache's bookkeeping for it. */
const ENTRY_BYTES = LRU_ENTRY_BYTES + objectBytes(3) + NUMBER_BYTES

/** `promise`'s value, or undefined when it has not settled within `ms` (at once for 0). Never rejects. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  const settled = promise.catch(() => undefined)
  if (ms <= 0) return Promise.resolve(undefined)
  // Assigned at once: a promise's executor runs before the constructor returns.
  let timer!: ReturnType<typeof setTimeout>
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, ms, undefined)))
  return Promise.race([settled, late]).finally(() => clearTimeout(timer))
}

/** Builds a bounded stale-while-revalidate cache. */
export function createSwrCache<V>(options: SwrCacheOptions<V>): SwrCache<V> {
  const clock = options.clock ?? Date.now
  const ttlMs = options.ttlMs
  const swrMs = options.staleWhileRevalidateMs ?? Math.floor(ttlMs / 2)
  const staleIfErrorMs = Math.max(options.staleIfErrorMs ?? 3_600_000, swrMs)
  const staleAfterMs = options.staleAfterMs ?? 500
  const sizeOf = options.sizeOf ?? jsonBytes
  if (!(options.maxEntries >= 1 && options.maxBytes >= 1)) {
    throw new RangeError('The cache needs maxEntries and maxBytes of at least 1')
  }
  // Coalesced callers never see the first caller's fetch status, so a failed load's error is kept by key, for
  // as many keys as loads can fail at once (keys are the proxy's own: calendars and months).
  const failures = new Map<string, unknown>()
  // When each load in flight started, so readers who come later wait only what is left of its budget: a struggling
  // reload holds its first readers half a second, not every reader half a second more. One entry per load.
  const loadingSince = new Map<string, number>()
  // Keys deleted while their load was in flight: dropped once it has landed. lru-cache would abort the load's
  // AbortController, which on workerd belongs to the request that started the load: another request's delete
  // (an invalidation) would throw "Cannot perform I/O on behalf of a different request". One entry per load.
  const dropOnLanding = new Set<string>()

  const cache = new LRUCache<string, Entry<V>, Load<V>>({
    max: options.maxEntries,
    maxSize: options.maxBytes,
    sizeCalculation: (entry, key) => entry.bytes + stringBytes(key) + ENTRY_BYTES,
    ttl: ttlMs,
    // lru-cache would otherwise cache "now" for 1 ms; with an injected clock every read must see the clock.
    ttlResolution: 0,
    perf: { now: clock },
    noDeleteOnStaleGet: true,
    allowStaleOnFetchRejection: true,
    // A delete (invalidation) while loading must not fail the callers already waiting for that load.
    ignoreFetchAbort: true,
    fetchMethod: (key, _stale, { context }) => {
      const loading = loadEntry(key, context.load)
      // Its failure is the readers' (or stands for the stale entry): the runtime only has to let it finish.
      context.waitUntil?.(loading.catch(() => {}))
      return loading
    },
  })

  async function loadEntry(key: string, load: () => Promise<V>): Promise<Entry<V>> {
    loadingSince.set(key, clock())
    try {
      const value = await load()
      failures.delete(key)
      return { value, loadedAt: clock(), bytes: sizeOf(value) }
    } catch (error) {
      if (failures.size >= 256) failures.clear()
      failures.set(key, error)
      throw error
    } finally {
      loadingSince.delete(key)
    }
  }

  /** Deletes `key` now, or once its load in flight has landed (its waiting readers still get it). */
  function drop(key: string) {
    if (loadingSince.has(key)) dropOnLanding.add(key)
    else cache.delete(key)
  }

  return {
    async get(key, load, context) {
      if (dropOnLanding.has(key)) {
        // Deleted while its load was in flight, which may predate the change: neither is served; this reader
        // loads on its own, uncached, until that load has landed and gone.
        const value = await load()
        return { value, stale: false, loadedAt: clock(), waited: true }
      }
      const held = cache.peek(key, { allowStale: true })
      const age = held ? clock() - held.loadedAt : Infinity
      // Too old to stand in; a load in flight replaces it anyway (deleting it would abort that load, see above).
      if (held && age > ttlMs + staleIfErrorMs && !loadingSince.has(key)) cache.delete(key)
      const status: LRUCache.Status<string, Entry<V>, Load<V>> = {}
      const loading = cache.fetch(key, {
        context: { load, waitUntil: context?.waitUntil },
        allowStale: age <= ttlMs + swrMs,
        status,
      })
      // Resolved once lru-cache has stored the load's entry, which a delete meanwhile must not leave behind.
      loading.then(
        () => dropOnLanding.delete(key) && cache.delete(key),
        () => dropOnLanding.delete(key),
      )
      // Past the revalidate window the held entry is old, but better than a visitor kept waiting on GHL: it
      // stands in when the reload has not answered within `staleAfterMs` of its start (or fails, as lru-cache
      // does itself).
      const standIn = held && age > ttlMs + swrMs && age <= ttlMs + staleIfErrorMs ? held : undefined
      let entry: Entry<V> | undefined
      if (standIn) {
        const budget = staleAfterMs - (clock() - (loadingSince.get(key) ?? clock()))
        entry = (await within(loading, Math.max(0, budget))) ?? standIn
      } else entry = await loading
      if (!entry) throw status.fetchError ?? failures.get(key) ?? new Error('The cache could not load ' + key)
      // Past the revalidate window an entry is only returned because its reload failed.
      return {
        value: entry.value,
        stale: clock() - entry.loadedAt > ttlMs + swrMs,
        loadedAt: entry.loadedAt,
        waited: !(held && age <= ttlMs + swrMs),
      }
    },
    peekFresh(key) {
      if (dropOnLanding.has(key)) return undefined
      const held = cache.peek(key, { allowStale: true })
      return held && clock() - held.loadedAt <= ttlMs ? held.value : undefined
    },
    delete: drop,
    get size() {
      return cache.size
    },
    get bytes() {
      return cache.calculatedSize
    },
  }
}
