/**
 * The finished slots response (JSON body and ETag), remembered per normalized query. An entry holds while the
 * slot service hands back the same result object it was built from, which it does only while the cached
 * windows behind it are unchanged: a window reload or an invalidation makes the entry stale by itself.
 */
import { LRUCache } from 'lru-cache'
import type { Slot, SlotsQuery, SlotsResponse } from '../contract.ts'

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
  /** Most body characters kept. Default 32 MiB. */
  maxBytes?: number
}

interface Entry extends SlotsBody {
  result: object
}

/** Remembers serialized answers; see the module comment. */
export interface SlotsResponseCache {
  /** The body and ETag of `result` for `query`, serialized once per distinct result. */
  body(calendarId: string, query: SlotsQuery, result: { slots: Slot[]; stale: boolean }): SlotsBody
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

/** Builds the cache of serialized slots answers. */
export function createSlotsResponseCache(options: SlotsResponseCacheOptions = {}): SlotsResponseCache {
  const entries = new LRUCache<string, Entry>({
    max: options.maxEntries ?? 5_000,
    maxSize: options.maxBytes ?? 32 * 1024 * 1024,
    sizeCalculation: (entry) => Math.max(1, entry.body.length),
  })
  return {
    body(calendarId, query, result) {
      const key = `${calendarId}|${query.from}|${query.to}|${query.timeZone}`
      const held = entries.get(key)
      if (held && held.result === result) return held
      const response: SlotsResponse = {
        calendarId,
        timeZone: query.timeZone,
        from: query.from,
        to: query.to,
        slots: result.slots,
        ...(result.stale && { stale: true }),
      }
      const body = JSON.stringify(response)
      const entry = { result, body, etag: `"${body.length.toString(36)}-${hashBody(body)}"` }
      entries.set(key, entry)
      return entry
    },
  }
}
