/**
 * A memo of computed answers bounded by bytes, for hot paths whose keys a visitor chooses but whose keys in use
 * are few (query strings, zone names, local midnights): a plain Map, since a lookup costs less than an LRU's,
 * forgotten all at once when the next entry would take it past `maxBytes`. A flood of distinct keys then costs
 * recomputations, never memory.
 */
import { stringBytes } from './sizes.ts'

/** Options of {@link createBoundedMemo}. */
export interface BoundedMemoOptions<V> {
  /** Most bytes held, as counted by `sizeOf`. Required, at least 1. */
  maxBytes: number
  /**
   * Bytes of one entry (see sizes.ts), the Map's own slot included. Default the key as a string, the value as
   * a pointer or small number, and 48 bytes of Map bookkeeping.
   */
  sizeOf?: (key: string, value: V) => number
}

/** See {@link createBoundedMemo}. */
export interface BoundedMemo<V> {
  get(key: string): V | undefined
  /** Remembers `value`, unless one entry alone is larger than the bound. A key's value never changes. */
  set(key: string, value: V): void
  /** Bytes held, as counted. */
  readonly bytes: number
}

/** Builds a memo bounded by bytes. */
export function createBoundedMemo<V>(options: BoundedMemoOptions<V>): BoundedMemo<V> {
  const { maxBytes } = options
  const sizeOf = options.sizeOf ?? ((key: string) => stringBytes(key) + 8 + 48)
  if (!(maxBytes >= 1)) throw new RangeError('A memo needs maxBytes of at least 1')
  const entries = new Map<string, V>()
  let bytes = 0
  return {
    get: (key) => entries.get(key),
    set(key, value) {
      const size = sizeOf(key, value)
      if (size > maxBytes || entries.has(key)) return
      if (bytes + size > maxBytes) {
        entries.clear()
        bytes = 0
      }
      entries.set(key, value)
      bytes += size
    },
    get bytes() {
      return bytes
    },
  }
}
