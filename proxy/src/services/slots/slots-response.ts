/**
 * The finished slots response (JSON body and ETag), remembered per normalized query. An entry holds while the
 * slot service hands back the same result object it was built from, which it does only while the cached
 * windows behind it are unchanged: a window reload or an invalidation makes the entry stale by itself.
 */
import { LRUCache } from 'lru-cache'
import { arrayBytes, LRU_ENTRY_BYTES, objectBytes, stringBytes } from '../../cache/sizes.ts'
import type {
  CompactSlotsResponse,
  Slot,
  SlotsQuery,
  SlotsResponse,
  SlotsShape,
} from '../../../../contract/schemas.ts'
import { compactSlots } from './compact.ts'

/** A serialized slots answer. */
export interface SlotsBody {
  body: string
  /** A strong ETag, quoted. */
  etag: string
}

/** Options of {@link createSlotsResponseCache}. */
export interface SlotsResponseCacheOptions {
  /** Most answers kept. Default 5 000. */
  maxEntries?: number
  /**
   * Most bytes kept (see cache/sizes.ts): bodies, and the results they were built from, counted in full since an
   * entry may be their last holder. Default 16 MiB.
   */
  maxBytes?: number
}

interface Entry extends SlotsBody {
  result: { slots: Slot[] }
}

/** Remembers serialized answers; see the module comment. */
export interface SlotsResponseCache {
  /** The body and ETag of `result` for `query` in `shape` (default `full`), serialized once per distinct result. */
  body(
    calendarId: string,
    query: SlotsQuery,
    result: { slots: Slot[]; stale: boolean },
    shape?: SlotsShape,
  ): SlotsBody
  /** Bytes held, as counted (never above `maxBytes`). */
  readonly bytes: number
}

/** FNV-1a over UTF-16 code units with two seeds: 64 bits, enough to tell one calendar's answers apart. */
export function hashBody(text: string): string {
  let a = 0x811c9dc5
  let b = 0x01000193 ^ text.length
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    a = Math.imul(a ^ code, 0x01000193)
    b = Math.imul(b ^ code, 0x5bd1e995)
  }
  return (a >>> 0).toString(36) + (b >>> 0).toString(36)
}

/** What an entry holds in bytes (see cache/sizes.ts). */
function entryBytes(entry: Entry, key: string): number {
  const { slots } = entry.result
  let bytes = LRU_ENTRY_BYTES + stringBytes(key) + objectBytes(3) + stringBytes(entry.body)
  bytes += stringBytes(entry.etag) + objectBytes(2) + arrayBytes(slots.length)
  for (const slot of slots) bytes += objectBytes(2) + stringBytes(slot.start) + stringBytes(slot.end)
  return bytes
}

/** Builds the cache of serialized slots answers. */
export function createSlotsResponseCache(options: SlotsResponseCacheOptions = {}): SlotsResponseCache {
  const entries = new LRUCache<string, Entry>({
    max: options.maxEntries ?? 5_000,
    maxSize: options.maxBytes ?? 16 * 1024 * 1024,
    sizeCalculation: entryBytes,
  })
  return {
    get bytes() {
      return entries.calculatedSize
    },
    body(calendarId, query, result, shape = 'full') {
      const key = `${calendarId}|${query.from}|${query.to}|${query.timeZone}|${shape}`
      const held = entries.get(key)
      if (held && held.result === result) return held
      const { from, to, timeZone } = query
      const stale = result.stale && { stale: true }
      const response =
        shape === 'compact'
          ? ({
              calendarId,
              timeZone,
              from,
              to,
              ...compactSlots(result.slots, timeZone),
              ...stale,
            } satisfies CompactSlotsResponse)
          : ({ calendarId, timeZone, from, to, slots: result.slots, ...stale } satisfies SlotsResponse)
      const body = JSON.stringify(response)
      const entry: Entry = { result, body, etag: `"${body.length.toString(36)}-${hashBody(body)}"` }
      entries.set(key, entry)
      return entry
    },
  }
}
