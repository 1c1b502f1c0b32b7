/**
 * Every piece of state several instances must share, on one Redis: rate limits, booking quotas, idempotency keys,
 * the webhook replay guard, the GHL throttle's budget per location, slot invalidation and the Marketplace grants
 * (`tokenStore`). Each store implements the
 * interface the memory store does, so `buildProxy` takes them as they are. Node, Deno and Bun code (ioredis): the
 * runtime entry builds it and hands the stores in; nothing that `createApp` reaches imports this folder.
 */
import { createThrottle } from '../../ghl/throttle.ts'
import type { Logger } from '../../logger.ts'
import type { ProxyOptions } from '../../proxy.ts'
import type { Clock } from '../../types.ts'
import { createMemoryRateLimitStore } from '../rate-limit.ts'
import { createMemoryReplayGuard } from '../replay.ts'
import { createRedisConnection, type RedisConnection } from './connection.ts'
import { createRedisIdempotencyStore } from './idempotency.ts'
import { createRedisInvalidation } from './invalidation.ts'
import { createRedisQuotaStore } from './quota-store.ts'
import { createRedisRateLimitStore } from './rate-limit.ts'
import { createRedisReplayGuard } from './replay.ts'
import { createRedisThrottle } from './throttle.ts'
import { createRedisTokenStore } from './tokens.ts'

/** Options of {@link createRedisState}. */
export interface RedisStateOptions {
  /** `redis://`, `rediss://` (TLS) or a unix socket path. Required. */
  url: string
  /** Put before every key and the channel, so deployments can share a Redis. Default `ghl-booking:`. */
  prefix?: string
  /** Longest wait for one Redis command, ms. Default 1 000. */
  commandTimeoutMs?: number
  /** GHL requests per window and location, over all instances. Default 90. */
  throttleLimit?: number
  /** Default 10 000. */
  throttleWindowMs?: number
  /** Reservations that may wait per location, over all instances. Default 200. */
  throttleQueue?: number
  /** How long past its window a GHL request still counts, for its late arrival, ms. Default 1 000. */
  throttleMarginMs?: number
  /** GHL requests per window and location for each instance while Redis is down. Default a third of the limit. */
  throttleFallbackLimit?: number
  /** Default `Date.now`. */
  clock?: Clock
  /** Waits in the throttle. Default `setTimeout`. */
  sleep?: (ms: number) => Promise<void>
  /** Redis's state changes. Default nothing. */
  log?: Logger
}

/** The shared stores as {@link ProxyOptions} takes them. */
export type SharedStores = Required<
  Pick<
    ProxyOptions,
    | 'rateLimitStore'
    | 'bookingQuotaStore'
    | 'idempotencyStore'
    | 'replayGuard'
    | 'throttle'
    | 'invalidation'
    | 'tokenStore'
  >
>

/** The stores, their connection, and how to end them. */
export interface RedisState {
  stores: SharedStores
  connection: RedisConnection
  /** Resolves true once commands and invalidations flow, false if not within `timeoutMs`. */
  ready(timeoutMs: number): Promise<boolean>
  /** Closes both connections. */
  close(): Promise<void>
}

/** Connects to Redis (in the background) and builds the shared stores on it. */
export function createRedisState(options: RedisStateOptions): RedisState {
  const { prefix = 'ghl-booking:', clock = Date.now, sleep } = options
  const limit = options.throttleLimit ?? 90
  const windowMs = options.throttleWindowMs ?? 10_000
  const maxQueue = options.throttleQueue ?? 200
  const connection = createRedisConnection({
    url: options.url,
    commandTimeoutMs: options.commandTimeoutMs,
    log: options.log,
    clock,
  })
  const invalidation = createRedisInvalidation({ connection, prefix })
  const stores: SharedStores = {
    rateLimitStore: createRedisRateLimitStore({
      connection,
      prefix,
      clock,
      fallback: createMemoryRateLimitStore({ clock }),
    }),
    bookingQuotaStore: createRedisQuotaStore({ connection, prefix, clock }),
    idempotencyStore: createRedisIdempotencyStore({ connection, prefix, log: options.log }),
    replayGuard: createRedisReplayGuard({ connection, prefix, fallback: createMemoryReplayGuard({ clock }) }),
    throttle: createRedisThrottle({
      connection,
      prefix,
      limit,
      windowMs,
      maxQueue,
      marginMs: options.throttleMarginMs,
      sleep,
      clock,
      fallback: createThrottle({
        limit: options.throttleFallbackLimit ?? Math.max(1, Math.floor(limit / 3)),
        windowMs,
        maxQueue,
        clock,
        sleep,
      }),
    }),
    invalidation,
    tokenStore: createRedisTokenStore({ connection, prefix }),
  }
  return {
    stores,
    connection,
    async ready(timeoutMs) {
      const [commands, subscription] = await Promise.all([
        connection.ready(timeoutMs),
        invalidation.subscribed(timeoutMs),
      ])
      return commands && subscription
    },
    async close() {
      await invalidation.close()
      await connection.close()
    },
  }
}
