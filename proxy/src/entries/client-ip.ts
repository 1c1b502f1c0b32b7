/** The visitor's IP behind trusted reverse proxies, on any runtime that knows the connection's peer. */
import type { Context } from 'hono'
import { parseAddress } from '../middleware/visitor-address.ts'

/**
 * The address `trustedProxies` hops back in X-Forwarded-For when that entry is an IP address, else the socket's
 * peer (`socketIp`). The rate limits normalise it (visitor-address.ts).
 */
export function clientIpBehind(
  trustedProxies: number,
  socketIp: (c: Context) => string | undefined,
): (c: Context) => string | undefined {
  return (c) => {
    if (trustedProxies > 0) {
      // Each proxy appends the address it saw, so only the rightmost `trustedProxies` entries can be believed. A
      // proxy writes an address there: anything else was written by a client that reached this server directly,
      // and the connection's own address is the one to count.
      const hops = c.req.header('X-Forwarded-For')?.split(',') ?? []
      const forwarded = hops[hops.length - trustedProxies]?.trim()
      if (forwarded && parseAddress(forwarded)) return forwarded
    }
    return socketIp(c)
  }
}
