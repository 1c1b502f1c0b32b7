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
import { parseAddress } from '../middleware/visitor-address.ts'

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
}

/** A running proxy. */
export interface RunningProxy extends Proxy {
  /** `http://host:port`, without a trailing slash. */
  url: string
  port: number
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
  return (c) => {
    if (trustedProxies > 0) {
      // Each proxy appends the address it saw, so only the rightmost `trustedProxies` entries can be believed. A
      // proxy writes an address there: anything else was written by a client that reached this server directly,
      // and the connection's own address is the one to count.
      const hops = c.req.header('X-Forwarded-For')?.split(',') ?? []
      const forwarded = hops[hops.length - trustedProxies]?.trim()
      if (forwarded && parseAddress(forwarded)) return forwarded
    }
    try {
      return getConnInfo(c).remote.address
    } catch {
      return undefined // app.request() in tests has no socket
    }
  }
}

/** Builds the proxy and listens; resolves once the port is bound. */
export async function startProxy(options: StartProxyOptions): Promise<RunningProxy> {
  const proxy = buildProxy({
    ...options,
    clientIp: options.clientIp ?? nodeClientIp(options.trustedProxies),
    // On Node, brotli as well as gzip (node:zlib); an entry is free to use it.
    compress: options.compress === undefined ? compressWithZlib : options.compress,
  })
  const hostname = options.hostname ?? '127.0.0.1'
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: proxy.app.fetch, port: options.port ?? 0, hostname }, () =>
      resolve(started),
    )
    started.once('error', reject)
  })
  answerClientErrors(server as Server)
  const port = (server.address() as AddressInfo).port
  const host = hostname.includes(':') ? `[${hostname}]` : hostname === '0.0.0.0' ? '127.0.0.1' : hostname
  return {
    ...proxy,
    url: `http://${host}:${port}`,
    port,
    shutdown: (graceMs = options.shutdownGraceMs ?? 20_000) => closeGracefully(server as Server, graceMs),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        // Keep-alive sockets would hold close() open until they time out.
        if ('closeAllConnections' in server) server.closeAllConnections()
      }),
  }
}
