/**
 * Marketplace grants on Redis, shared by every instance: one hash per account (`version`, `sealed`) with no expiry
 * (a refresh token lives a year), written by Lua scripts so a compare-and-set is one atomic step over all
 * instances; the refresh lease is a `SET NX PX` key beside it, so it expires on Redis's own clock and instances
 * whose clocks disagree still agree on who holds it.
 *
 * Redis down or stalled: every call rejects, at once while the connection is known down, else after the command
 * timeout, with an error that names Redis and nothing of the grant (no cause: ioredis errors carry the command's
 * arguments). The refresh logic then goes on with what it holds in memory. A write that timed out may still be
 * run by Redis when it goes on: the caller reads again before trusting its version, and a lease taken that way
 * just runs out.
 */
import { checkTokenRecord, type StoredGrant, type TokenStore } from '../tokens.ts'
import { RedisUnavailableError, type RedisClient, type RedisConnection } from './connection.ts'

/** Options of {@link createRedisTokenStore}. */
export interface RedisTokenStoreOptions {
  connection: RedisConnection
  /** Put before every key. Default `ghl-booking:`. */
  prefix?: string
}

/** Builds a {@link TokenStore} on Redis. */
export function createRedisTokenStore(options: RedisTokenStoreOptions): TokenStore {
  const { connection, prefix = 'ghl-booking:' } = options
  const grantKey = (key: string) => `${prefix}token:${key}`
  const leaseKey = (key: string) => `${prefix}token-lease:${key}`

  /** Runs a command; any failure becomes an error that names Redis and the operation, never a value. */
  async function run<T>(op: string, command: (client: RedisClient) => Promise<T>): Promise<T> {
    try {
      return await connection.run(command)
    } catch (error) {
      if ((error as Error)?.name === 'ReplyError') throw new Error(`Redis refused the token store's ${op}`)
      throw new RedisUnavailableError(`Redis is unavailable for the token store's ${op}`)
    }
  }

  return {
    async get(key) {
      checkTokenRecord(key)
      const [version, sealed] = await run('get', (client) => client.hmget(grantKey(key), 'version', 'sealed'))
      if (version === null && sealed === null) return undefined
      const grant: StoredGrant = { version: Number(version), sealed: sealed! }
      if (!(Number.isSafeInteger(grant.version) && grant.version > 0) || typeof grant.sealed !== 'string') {
        throw new Error('A grant in Redis has an unexpected shape')
      }
      return grant
    },
    async put(key, sealed, expected) {
      checkTokenRecord(key, sealed)
      return (await run('put', (client) => client.tokenPut(grantKey(key), sealed, expected))) === 1
    },
    async replace(key, sealed) {
      checkTokenRecord(key, sealed)
      return Number(await run('replace', (client) => client.tokenReplace(grantKey(key), sealed)))
    },
    async delete(key) {
      checkTokenRecord(key)
      await run('delete', (client) => client.del(grantKey(key), leaseKey(key)))
    },
    async lease(key, ttlMs) {
      checkTokenRecord(key)
      const holder = crypto.randomUUID()
      const ms = Math.max(1, Math.ceil(ttlMs))
      const set = await run('lease', (client) => client.set(leaseKey(key), holder, 'PX', ms, 'NX'))
      return set === 'OK' ? holder : undefined
    },
    async release(key, holder) {
      checkTokenRecord(key)
      await run('release', (client) => client.tokenRelease(leaseKey(key), holder))
    },
  }
}
