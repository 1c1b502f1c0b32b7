/**
 * Where Marketplace (OAuth) grants are kept: one sealed record per account (`location:<id>`, `company:<id>`), with
 * a version for compare-and-set and a lease for the one instance that may refresh it. The store sees only sealed
 * (encrypted) text; sealing is the caller's. Memory here; Redis and Durable Objects share one over instances.
 */
import type { Clock } from '../types.ts'

/** A sealed grant and its version (1 for the first write, one more for each after). */
export interface StoredGrant {
  version: number
  sealed: string
}

/** Keeps sealed grants. Every method must be atomic over all instances sharing the store. */
export interface TokenStore {
  /** The record under `key`, or undefined. */
  get(key: string): Promise<StoredGrant | undefined>
  /**
   * Writes `sealed` under `key` if the stored version is `expected` (0: no record), as version `expected + 1`.
   * Resolves whether it wrote: false means another writer got there first, and the caller reads again.
   */
  put(key: string, sealed: string, expected: number): Promise<boolean>
  /** Writes `sealed` whatever is stored (a new install replaces the old grant); resolves the new version. */
  replace(key: string, sealed: string): Promise<number>
  /** Removes the record (an uninstall). */
  delete(key: string): Promise<void>
  /**
   * Takes the refresh lease of `key` for `ttlMs` when nobody holds it (or its holder's time ran out); resolves a
   * holder id to release it with, or undefined when another holds it.
   */
  lease(key: string, ttlMs: number): Promise<string | undefined>
  /** Gives the lease back if `holder` still holds it. */
  release(key: string, holder: string): Promise<void>
}

/** Longest key a store takes, in characters (`location:<id>` and the like are far shorter). */
export const MAX_TOKEN_KEY_LENGTH = 200
/** Largest sealed value a store takes, in UTF-8 bytes: a sealed grant is well under 4 KiB. */
export const MAX_SEALED_BYTES = 16 * 1024

/**
 * Throws a RangeError for a key or a sealed value past the limits every store shares, so a backend never meets one
 * (a Redis key or a Durable Object name of any length, a value of any size). Called first by every backend.
 */
export function checkTokenRecord(key: string, sealed?: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_TOKEN_KEY_LENGTH) {
    throw new RangeError(`A token store key has 1 to ${MAX_TOKEN_KEY_LENGTH} characters`)
  }
  // UTF-8 never has fewer bytes than UTF-16 code units, so a longer string is refused without encoding it.
  if (
    sealed !== undefined &&
    (typeof sealed !== 'string' ||
      sealed.length > MAX_SEALED_BYTES ||
      new TextEncoder().encode(sealed).byteLength > MAX_SEALED_BYTES)
  ) {
    throw new RangeError(`A sealed grant has at most ${MAX_SEALED_BYTES} bytes`)
  }
}

/** Options of {@link createMemoryTokenStore}. */
export interface MemoryTokenStoreOptions {
  /**
   * Most records kept; a write past it is refused with a RangeError rather than a grant dropped, since a dropped
   * refresh token cannot be got back without a reinstall. Grants come from installs, not visitors. Default 10 000.
   */
  max?: number
  /** Default `Date.now`. */
  clock?: Clock
}

/** Builds the in-process {@link TokenStore}: one instance's, for the demo and a proxy that runs as one process. */
export function createMemoryTokenStore(options: MemoryTokenStoreOptions = {}): TokenStore {
  const { max = 10_000, clock = Date.now } = options
  const records = new Map<string, StoredGrant>()
  const leases = new Map<string, { holder: string; until: number }>()

  function write(key: string, sealed: string, version: number) {
    if (!records.has(key) && records.size >= max) {
      throw new RangeError(`The token store holds its maximum of ${max} grants`)
    }
    records.set(key, { version, sealed })
  }

  return {
    async get(key) {
      checkTokenRecord(key)
      return records.get(key)
    },
    async put(key, sealed, expected) {
      checkTokenRecord(key, sealed)
      if ((records.get(key)?.version ?? 0) !== expected) return false
      write(key, sealed, expected + 1)
      return true
    },
    async replace(key, sealed) {
      checkTokenRecord(key, sealed)
      const version = (records.get(key)?.version ?? 0) + 1
      write(key, sealed, version)
      return version
    },
    async delete(key) {
      checkTokenRecord(key)
      records.delete(key)
      leases.delete(key)
    },
    async lease(key, ttlMs) {
      checkTokenRecord(key)
      const now = clock()
      const held = leases.get(key)
      if (held && held.until > now) return undefined
      const holder = crypto.randomUUID()
      leases.set(key, { holder, until: now + ttlMs })
      return holder
    },
    async release(key, holder) {
      checkTokenRecord(key)
      if (leases.get(key)?.holder === holder) leases.delete(key)
    },
  }
}
