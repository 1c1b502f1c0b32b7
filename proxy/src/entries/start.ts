/**
 * `startProxy(options)`: builds the proxy and serves it on Node. The demo server calls it in-process (with the
 * sandbox as `ghlApiBase`); `node.ts` calls it from the environment.
 */
import { serve } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { answerClientErrors } from './client-error.ts'
import { closeGracefully, type GracefulCloseResult } from './graceful-close.ts'
import { compressWithZlib } from './compress.ts'
import { buildProxy, type Proxy, type ProxyOptions } from '../proxy.ts'
import { clientIpBehind } from './client-ip.ts'
import { parseAddress } from '../middleware/visitor-address.ts'
import { createRedisState, type RedisState, type RedisStateOptions } from '../stores/redis/index.ts'
import { checkOpportunitiesAtStart } from './opportunity-check.ts'

/** Where several instances share their state (see stores/redis/index.ts). */
export type SharedRedisOptions = Pick<
  RedisStateOptions,
  'url' | 'prefix' | 'commandTimeoutMs' | 'throttleFallbackLimit' | 'throttleMarginMs'
> & {
  /** How long the start waits for Redis before listening without it (it keeps reconnecting), ms. Default 5 000. */
  readyTimeoutMs?: number
}

/** Options of {@link startProxy}: the proxy's, plus where to listen. */
export interface StartProxyOptions extends ProxyOptions {
  /** Default 0 (an ephemeral port). */
  port?: number
  /** Default `127.0.0.1`. */
  hostname?: string
  /**
   * How many trusted reverse proxies stand in front and append to X-Forwarded-For. The visitor IP is the entry
   * that many places from the right: entries further left are whatever the client sent. Default 0 (the socket).
   * Only when the proxy cannot be reached but through them: a client that reaches it directly writes the header.
   */
  trustedProxies?: number
  /**
   * How long {@link RunningProxy.shutdown} lets requests in flight finish, ms. Default 20 000, the GHL client's
   * deadline for one call: a booking waiting on GHL at the signal hears back within it.
   */
  shutdownGraceMs?: number
  /**
   * Shares rate limits, booking quotas, idempotency keys, the webhook replay guard, the GHL throttle and slot
   * invalidation with the other instances on one Redis. Default none: everything in this process's memory.
   */
  redis?: SharedRedisOptions
}

/** A running proxy. */
export interface RunningProxy extends Proxy {
  /** `http://host:port`, without a trailing slash. */
  url: string
  port: number
  /** The shared state on Redis, when `redis` was given. */
  redis?: RedisState
  /** Stops at once, cutting off requests in flight (tests, the demo). */
  close(): Promise<void>
  /**
   * Stops gracefully (SIGTERM): refuses new connections at once, closes idle keep-alive connections at once, lets
   * requests in flight finish for up to `graceMs` (default `shutdownGraceMs`), then cuts off what is left.
   */
  shutdown(graceMs?: number): Promise<GracefulCloseResult>
}

/**
 * The visitor IP on Node: the address `trustedProxies` hops back in X-Forwarded-For when that entry is an IP
 * address, else the socket's peer. The rate limits normalise it (visitor-address.ts).
 */
export function nodeClientIp(trustedProxies = 0): (c: Context) => string | undefined {
  return clientIpBehind(trustedProxies, (c) => {
    try {
      return getConnInfo(c).remote.address
    } catch {
      return undefined // app.request() in tests has no socket
    }
  })
}

/** Builds the proxy and listens; resolves once the port is bound. */
export async function startProxy(options: StartProxyOptions): Promise<RunningProxy> {
  const redis =
    options.redis &&
    createRedisState({
      ...options.redis,
      throttleLimit: options.throttleLimit,
      throttleWindowMs: options.throttleWindowMs,
      throttleQueue: options.throttleQueue,
      clock: options.clock,
      sleep: options.sleep,
      log: options.log,
    })
  // Not ready in time: the proxy listens anyway (reads from memory, bookings refused) and Redis is logged as down.
  await redis?.ready(options.redis?.readyTimeoutMs ?? 5_000)
  const proxy = buildProxy({
    ...options,
    ...redis?.stores,
    clientIp: options.clientIp ?? nodeClientIp(options.trustedProxies),
    // On Node, brotli as well as gzip (node:zlib); an entry is free to use it.
    compress: options.compress === undefined ? compressWithZlib : options.compress,
  })
  // Before listening: a setting naming a pipeline or stage GHL does not have stops the start (a ConfigError).
  try {
    await checkOpportunitiesAtStart(proxy, { log: options.log })
  } catch (error) {
    await redis?.close()
    throw error
  }
  const hostname = options.hostname ?? '127.0.0.1'
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: proxy.app.fetch, port: options.port ?? 0, hostname }, () =>
      resolve(started),
    )
    started.once('error', (error) => {
      void redis?.close()
      reject(error)
    })
  })
  answerClientErrors(server as Server)
  const port = (server.address() as AddressInfo).port
  const host = hostname.includes(':') ? `[${hostname}]` : hostname === '0.0.0.0' ? '127.0.0.1' : hostname
  return {
    ...proxy,
    url: `http://${host}:${port}`,
    port,
    redis,
    // Redis closes after the last request: a booking finishing during the grace period still stores its answer.
    shutdown: async (graceMs = options.shutdownGraceMs ?? 20_000) => {
      const result = await closeGracefully(server as Server, graceMs)
      await redis?.close()
      return result
    },
    close: async () => {
      try {
        await new Promise<void>((resolve, reject) => {
          server.close((error) => (error ? reject(error) : resolve()))
          // Keep-alive sockets would hold close() open until they time out.
          if ('closeAllConnections' in server) server.closeAllConnections()
        })
      } finally {
        await redis?.close()
      }
    },
  }
}
