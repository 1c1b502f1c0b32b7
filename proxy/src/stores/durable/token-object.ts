/**
 * `TokenState`, the Durable Object of one Marketplace grant (named by its store key, `location:<id>`,
 * `company:<id>`, …): the sealed record, its version and its refresh lease, in the object's storage. It runs one
 * operation at a time, and no other starts while one awaits its storage (the runtime's input gate), so each
 * compare-and-set and each lease is atomic over every Worker isolate without locks; leases run on the object's
 * clock, the one clock every isolate's call meets.
 *
 * Why one object per key: a grant is the unit of the single refresh, no operation touches two grants, so nothing
 * needs them in one object; an object per deployment would queue every account's reads behind one another's
 * refresh and hold every grant in one place. Why a class of its own rather than `SiteState` or `LocationState`:
 * grants belong to accounts (a company has no site or location object), never expire (SiteState sweeps what has),
 * and are secrets (sealed), kept apart from the rest. The lease is stored too, so an object restarted mid-refresh
 * still refuses a second refresher until the lease runs out.
 */
import { checkTokenRecord, type StoredGrant } from '../tokens.ts'
import { answerCall, type DurableState } from './protocol.ts'

/** A lease as stored: its holder and when it runs out, on the object's clock. */
type StoredLease = { holder: string; until: number }

/** The Durable Object of one grant: bind it as `TOKEN_STATE` (see wrangler.jsonc). */
export class TokenState {
  readonly #storage: DurableState['storage']

  constructor(state: DurableState, _env?: unknown) {
    this.#storage = state.storage
  }

  /** The object's clock, in ms. */
  protected now(): number {
    return Date.now()
  }

  fetch(request: Request): Promise<Response> {
    const storage = this.#storage
    return answerCall(request, {
      get: async ({ key }: { key: string }) => {
        checkTokenRecord(key)
        return (await storage.get<StoredGrant>('grant')) ?? null
      },
      put: async ({ key, sealed, expected }: { key: string; sealed: string; expected: number }) => {
        checkTokenRecord(key, sealed)
        const version = (await storage.get<StoredGrant>('grant'))?.version ?? 0
        if (version !== expected) return false
        await storage.put('grant', { version: version + 1, sealed })
        return true
      },
      replace: async ({ key, sealed }: { key: string; sealed: string }) => {
        checkTokenRecord(key, sealed)
        const version = ((await storage.get<StoredGrant>('grant'))?.version ?? 0) + 1
        await storage.put('grant', { version, sealed })
        return version
      },
      delete: async ({ key }: { key: string }) => {
        checkTokenRecord(key)
        await storage.delete('grant')
        await storage.delete('lease')
      },
      lease: async ({ key, ttlMs, holder }: { key: string; ttlMs: number; holder: string }) => {
        checkTokenRecord(key)
        const now = this.now()
        const held = await storage.get<StoredLease>('lease')
        if (held && held.until > now) return null
        await storage.put('lease', { holder, until: now + ttlMs })
        return holder
      },
      release: async ({ key, holder }: { key: string; holder: string }) => {
        checkTokenRecord(key)
        if ((await storage.get<StoredLease>('lease'))?.holder === holder) await storage.delete('lease')
      },
    })
  }
}
