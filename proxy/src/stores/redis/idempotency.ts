/**
 * Idempotency keys on Redis: the first request for a key claims it with one `SET NX PX GET` (atomic across
 * instances), a duplicate anywhere sees the claim or the answer, and the answer outlives the instance that made it.
 *
 * Redis down: no claim can be made, so a booking is refused (503, see unavailable.ts) rather than risk a second
 * appointment. An answer whose booking finished while Redis went away still reaches its visitor: it is kept here
 * (bounded by bytes) and written when Redis answers again, and a retry on this instance is answered from it
 * meanwhile. A claim that cannot be released the same way is released then.
 *
 * Redis slow: a claim that timed out may still be run by Redis once it goes on, leaving a pending record that no
 * request works on and that would hold off the visitor's retries for `pendingTtlMs`. Each claim is a record of its
 * own (a unique `claim` field), so this instance takes it back when Redis answers again, and a release never drops
 * another instance's claim.
 */
import { LRUCache } from 'lru-cache'
import { stringBytes } from '../../cache/sizes.ts'
import { describeError, type Logger } from '../../logger.ts'
import type { IdempotencyRecord, IdempotencyStore } from '../idempotency.ts'
import { RedisUnavailableError, type RedisConnection } from './connection.ts'
import { bookingsPaused } from './unavailable.ts'

/** Options of {@link createRedisIdempotencyStore}. */
export interface RedisIdempotencyStoreOptions {
  connection: RedisConnection
  /** Put before every key. Default `ghl-booking:`. */
  prefix?: string
  /** How long a finished answer is replayed, in ms. Default one day (as the memory store). */
  ttlMs?: number
  /** How long a claim may stay pending, in ms. Default 2 minutes (as the memory store). */
  pendingTtlMs?: number
  /** Most bytes of answers and releases kept for Redis's return. Default 1 MiB. */
  maxDeferredBytes?: number
  /** Default nothing. */
  log?: Logger
}

/** A write Redis did not take, to make when it is back: an answer, or the pending record to take back. */
type Deferred = { record: IdempotencyRecord & { state: 'done' } } | { release: string }

/** A record as stored: JSON. */
const serialize = (record: IdempotencyRecord) => JSON.stringify(record)

function parse(text: string | null): IdempotencyRecord | undefined {
  if (text === null) return undefined
  const record = JSON.parse(text) as IdempotencyRecord
  if ((record?.state !== 'pending' && record?.state !== 'done') || typeof record.fingerprint !== 'string') {
    throw new Error('An idempotency record in Redis has an unexpected shape')
  }
  return record
}

/** Builds an {@link IdempotencyStore} on Redis. */
export function createRedisIdempotencyStore(options: RedisIdempotencyStoreOptions): IdempotencyStore {
  const { connection, prefix = 'ghl-booking:', ttlMs = 86_400_000, pendingTtlMs = 120_000 } = options
  const log = options.log ?? (() => {})
  const keyOf = (key: string) => `${prefix}idem:${key}`
  const deferred = new LRUCache<string, Deferred>({
    max: 10_000,
    maxSize: options.maxDeferredBytes ?? 1024 * 1024,
    sizeCalculation: (value, key) =>
      64 + stringBytes(key) + stringBytes('record' in value ? serialize(value.record) : value.release),
  })
  // The pending record of each claim this instance holds, which only its own release may drop. Lost (evicted or
  // expired), the claim is just left to expire after pendingTtlMs.
  const claims = new LRUCache<string, string>({
    max: 10_000,
    ttl: pendingTtlMs,
    maxSize: 1024 * 1024,
    sizeCalculation: (value, key) => 64 + stringBytes(key) + stringBytes(value),
  })
  const instance = crypto.randomUUID()
  let claimed = 0

  async function flush() {
    for (const [key, value] of [...deferred.entries()]) {
      try {
        await connection.run<unknown>((client) =>
          'record' in value
            ? client.set(keyOf(key), serialize(value.record), 'PX', ttlMs)
            : client.idempotencyRelease(keyOf(key), value.release),
        )
        deferred.delete(key)
      } catch (error) {
        log({ level: 'warn', msg: 'idempotency.flush_failed', ...describeError(error) })
        return
      }
    }
  }
  connection.onRecover(() => void flush())

  /** The answer kept here for Redis's return, if any. */
  const kept = (key: string) => {
    const value = deferred.get(key)
    return value && 'record' in value ? value.record : undefined
  }

  return {
    async claim(key, fingerprint) {
      const answer = kept(key)
      if (answer) return answer
      const pending = JSON.stringify({ state: 'pending', fingerprint, claim: `${instance}:${++claimed}` })
      try {
        // Sets only when absent and answers what was there: the claim and the look are one atomic step.
        const previous = await connection.run((client) =>
          client.set(keyOf(key), pending, 'PX', pendingTtlMs, 'NX', 'GET'),
        )
        if (previous === null) claims.set(key, pending)
        return parse(previous)
      } catch (error) {
        // Sent, and perhaps run by Redis later: taken back when Redis answers (a no-op if it never ran).
        if (!(error instanceof RedisUnavailableError)) deferred.set(key, { release: pending })
        throw bookingsPaused(error)
      }
    },

    async get(key) {
      const answer = kept(key)
      if (answer) return answer
      try {
        return parse(await connection.run((client) => client.get(keyOf(key))))
      } catch (error) {
        throw bookingsPaused(error)
      }
    },

    async complete(key, fingerprint, response) {
      claims.delete(key)
      const record = { state: 'done' as const, fingerprint, response }
      try {
        await connection.run((client) => client.set(keyOf(key), serialize(record), 'PX', ttlMs))
      } catch {
        // The booking is made: its visitor gets the answer now, Redis gets it when it is back.
        deferred.set(key, { record })
      }
    },

    async release(key) {
      const pending = claims.get(key)
      claims.delete(key)
      if (!pending) return
      try {
        await connection.run((client) => client.idempotencyRelease(keyOf(key), pending))
      } catch {
        deferred.set(key, { release: pending })
      }
    },
  }
}
