/**
 * Grants over a {@link TokenStore}: sealed on write, opened and validated on read, and the careful write of a
 * pair GHL just gave. A refresh token is single-use, so that pair is the only valid one: a compare-and-set that
 * loses to a mere rewrite of the same grant writes on top; one that loses to a newer grant (a reinstall) yields
 * to it; a store that fails is retried, and the pair is then kept in memory and written at the next chance.
 */
import type { Logger } from '../logger.ts'
import type { TokenStore } from '../stores/tokens.ts'
import { grantCodec, keys, notConnected, type Entry, type Grant } from './grants.ts'
import type { Sealer } from './seal.ts'

/** Options of {@link createGrantStore}. */
export interface GrantStoreOptions {
  store: TokenStore
  sealer: Sealer
  /** Waits between write attempts. Required (the token source's). */
  sleep: (ms: number) => Promise<void>
  /** Write attempts before the pair is kept in memory only. Default 3. */
  writeAttempts?: number
  /** Default nothing. */
  log?: Logger
}

/** A pair GHL gave that the store has not taken yet: written over `spent`, read at `version`. */
export interface Unsaved extends Entry {
  spent: Grant
}

/** See {@link createGrantStore}. */
export type GrantStore = ReturnType<typeof createGrantStore>

const errorText = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : 'unknown')

/** Builds the grant layer over `store`. */
export function createGrantStore(options: GrantStoreOptions) {
  const { store, sleep, writeAttempts = 3, log = () => {} } = options
  const codec = grantCodec(options.sealer)

  async function read(key: string): Promise<Entry | undefined> {
    const stored = await store.get(key)
    if (!stored) return undefined
    try {
      return { grant: await codec.open(key, stored.sealed), version: stored.version }
    } catch (error) {
      // Sealed with a key the proxy no longer has, or altered: as good as no grant; kept for inspection.
      log({ level: 'error', msg: 'oauth.grant_unreadable', account: key, error: errorText(error) })
      throw notConnected('dead')
    }
  }

  /** Whether the newer grant `theirs` replaces ours: another install, or a refresh of the same one. */
  const superseded = (ours: Grant, spent: Grant, theirs: Grant) =>
    theirs.installedAt !== spent.installedAt ||
    (spent.refresh !== undefined ? theirs.refresh !== spent.refresh : theirs.access !== ours.access)

  /**
   * Writes `next`, which replaces `current` (read at its version). Resolves what the store then holds: `next`, or
   * a newer grant another writer put there. When the store keeps failing, `next` is kept in `unsaved`.
   */
  async function write(
    key: string,
    next: Grant,
    current: Entry,
    unsaved: Map<string, Unsaved>,
    attempts = writeAttempts,
  ): Promise<Entry> {
    let expected = current.version
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        if (await store.put(key, await codec.seal(key, next), expected)) {
          unsaved.delete(key)
          return { grant: next, version: expected + 1 }
        }
        const theirs = await read(key)
        // Uninstalled meanwhile: nothing is brought back.
        if (!theirs) throw notConnected('uninstalled')
        if (superseded(next, current.grant, theirs.grant)) {
          unsaved.delete(key)
          return theirs
        }
        // The same grant rewritten (sealed again, say): ours is newer, and goes on top of it.
        expected = theirs.version
        attempt--
      } catch (error) {
        if (error instanceof Error && error.name === 'ProxyError') throw error
        log({
          level: 'error',
          msg: 'oauth.grant_write_failed',
          account: key,
          attempt,
          error: errorText(error),
        })
        if (attempt < attempts) await sleep(100 * 4 ** (attempt - 1))
      }
    }
    log({
      level: 'error',
      msg: 'oauth.grant_unsaved',
      account: key,
      detail: 'the new grant is kept in this instance only until the store takes it',
    })
    unsaved.set(key, { grant: next, version: expected, spent: current.grant })
    return { grant: next, version: expected }
  }

  return {
    read,
    write,
    /** One more try at writing a kept pair; resolves what the store then holds, or undefined while it fails. */
    async retryUnsaved(
      key: string,
      pending: Unsaved,
      unsaved: Map<string, Unsaved>,
    ): Promise<Entry | undefined> {
      const entry = await write(
        key,
        pending.grant,
        { grant: pending.spent, version: pending.version },
        unsaved,
        1,
      )
      if (unsaved.has(key)) return undefined
      log({ level: 'info', msg: 'oauth.grant_saved', account: key })
      return entry
    },
    /** Whether `key` (`location:<id>`) was uninstalled, rather than never installed. */
    async uninstalled(key: string): Promise<boolean> {
      return (await store.get(keys.uninstalled(key))) !== undefined
    },
    lease: (key: string, ttlMs: number) => store.lease(key, ttlMs),
    release: (key: string, holder: string) => store.release(key, holder),
    seal: (key: string, grant: Grant) => codec.seal(key, grant),
  }
}
