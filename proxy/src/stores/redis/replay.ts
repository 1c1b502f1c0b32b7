/**
 * The webhook replay guard on Redis: `SET NX PX` per webhook id, so a delivery is accepted once by all instances.
 *
 * Redis down: this instance's memory guard decides. A replay that reaches another instance meanwhile is accepted,
 * and can do no more than a genuine delivery: drop a calendar's cached slots once more (its signature and its
 * timestamp are still checked).
 */
import type { ReplayGuard } from '../replay.ts'
import type { RedisConnection } from './connection.ts'

/** Options of {@link createRedisReplayGuard}. */
export interface RedisReplayGuardOptions {
  connection: RedisConnection
  /** Decides while Redis cannot be reached (the memory guard). Required. */
  fallback: ReplayGuard
  /** Put before every key. Default `ghl-booking:`. */
  prefix?: string
  /** How long an id is remembered, in ms. Default 10 minutes (as the memory guard). */
  ttlMs?: number
}

/** Builds a {@link ReplayGuard} on Redis. */
export function createRedisReplayGuard(options: RedisReplayGuardOptions): ReplayGuard {
  const { connection, fallback, prefix = 'ghl-booking:', ttlMs = 600_000 } = options
  return {
    async firstSeen(id) {
      if (!connection.up) return fallback.firstSeen(id)
      try {
        const set = await connection.run((client) =>
          client.set(`${prefix}webhook:${id}`, '1', 'PX', ttlMs, 'NX'),
        )
        return set === 'OK'
      } catch {
        return fallback.firstSeen(id)
      }
    },
  }
}
