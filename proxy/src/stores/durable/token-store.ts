/**
 * The Marketplace token store on Durable Objects: each grant a client of its own `TokenState` object
 * (token-object.ts), named by the grant's key. The same interface as the memory store, so `buildProxy` takes it
 * as it is.
 *
 * An object that cannot be reached (or that fails): the call rejects with a `DurableObjectError` naming the
 * operation, never a value, and the refresh logic goes on with what it holds in memory.
 */
import { checkTokenRecord, type StoredGrant, type TokenStore } from '../tokens.ts'
import { callObject, type DurableNamespace } from './protocol.ts'

/** Builds a {@link TokenStore} whose grants and leases are kept by one `TokenState` object per key. */
export function createDurableTokenStore(namespace: DurableNamespace): TokenStore {
  return {
    async get(key) {
      checkTokenRecord(key)
      return (await callObject<StoredGrant | null>(namespace, key, 'get', { key })) ?? undefined
    },
    async put(key, sealed, expected) {
      checkTokenRecord(key, sealed)
      return callObject<boolean>(namespace, key, 'put', { key, sealed, expected })
    },
    async replace(key, sealed) {
      checkTokenRecord(key, sealed)
      return callObject<number>(namespace, key, 'replace', { key, sealed })
    },
    async delete(key) {
      checkTokenRecord(key)
      await callObject(namespace, key, 'delete', { key })
    },
    async lease(key, ttlMs) {
      checkTokenRecord(key)
      const holder = crypto.randomUUID()
      return (await callObject<string | null>(namespace, key, 'lease', { key, ttlMs, holder })) ?? undefined
    },
    async release(key, holder) {
      checkTokenRecord(key)
      await callObject(namespace, key, 'release', { key, holder })
    },
  }
}
