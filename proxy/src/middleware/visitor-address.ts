/**
 * The visitor's address as the rate limits count it. Whatever a runtime's `clientIp` returns (a socket's peer, an
 * `X-Forwarded-For` entry, a platform header) is validated and put in one canonical form, so one visitor cannot
 * become many by spelling the same address differently, by walking through the 2^64 addresses of one IPv6
 * subnet, or by sending 8 KB of junk as an address. Parsing is ipaddr.js's (the parser Express's proxy-addr
 * uses: no dependencies, no `node:` imports, so it runs on every runtime Hono targets).
 */
import ipaddr from 'ipaddr.js'

/** The key of every address that is not a valid IPv4 or IPv6 address: such visitors share one bucket. */
export const UNKNOWN_ADDRESS = 'unknown'

/** The IPv6 prefix length that groups addresses by default: one /64 is one subscriber's network. */
export const DEFAULT_IPV6_PREFIX = 64

/**
 * Longest input looked at: an IPv6 address with an embedded IPv4 address is at most 45 characters; brackets, a
 * port and a zone id fit well below this. Anything longer is not an address, and is never parsed.
 */
const MAX_INPUT_CHARS = 100

/** A plain dotted quad without leading zeros: the common case, already canonical, so it skips the parser. */
const DOTTED_QUAD = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/

/** `[v6]:port` or `[v6]`, and `a.b.c.d:port`: forms some proxies write into X-Forwarded-For. */
const BRACKETED = /^\[([^\]]+)\](?::\d{1,5})?$/
const IPV4_WITH_PORT = /^([\d.]+):\d{1,5}$/

/** An IPv6 zone id after its `%`: an interface name or number (RFC 6874's unreserved characters). */
const ZONE_ID = /^[\w.~-]+$/

/**
 * The address in `raw`, parsed strictly: IPv4 only as a plain dotted quad (not `127.1` or `0x7f.0.0.1`), IPv6 in
 * any valid spelling; surrounding space, brackets, a port and an IPv6 zone id (`%eth0`) are dropped. An IPv4
 * address mapped into IPv6 (`::ffff:203.0.113.9`) is the IPv4 address. Undefined when `raw` is not an address.
 */
export function parseAddress(raw: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  if (raw.length > MAX_INPUT_CHARS) return undefined
  let text = raw.trim()
  text = BRACKETED.exec(text)?.[1] ?? IPV4_WITH_PORT.exec(text)?.[1] ?? text
  const zone = text.indexOf('%')
  if (zone >= 0) {
    if (!ZONE_ID.test(text.slice(zone + 1))) return undefined
    text = text.slice(0, zone)
  }
  if (text.includes(':')) {
    if (!ipaddr.IPv6.isValid(text)) return undefined
    const address = ipaddr.IPv6.parse(text)
    return address.isIPv4MappedAddress() ? address.toIPv4Address() : address
  }
  return DOTTED_QUAD.test(text) ? ipaddr.IPv4.parse(text) : undefined
}

/** The first `bits` bits of an IPv6 address, the rest zero. */
function network(address: ipaddr.IPv6, bits: number): ipaddr.IPv6 {
  const parts = address.parts.map((part, i) => {
    const kept = Math.min(16, Math.max(0, bits - i * 16))
    return kept === 16 ? part : part & ((0xffff << (16 - kept)) & 0xffff)
  })
  return new ipaddr.IPv6(parts)
}

/**
 * The rate-limit key of a visitor address: an IPv4 address in dotted-quad form (`203.0.113.9`); an IPv6 address
 * as its network of `ipv6Prefix` bits in RFC 5952 form with the length (`2001:db8:1:2::/64`; the address itself
 * with 128); {@link UNKNOWN_ADDRESS} for anything else. At most 43 characters, whatever `raw` was.
 */
export function visitorKey(raw: string, ipv6Prefix = DEFAULT_IPV6_PREFIX): string {
  // Socket peers and proxies' entries are nearly always this: no parsing on the hot path.
  if (DOTTED_QUAD.test(raw)) return raw
  const address = parseAddress(raw)
  if (!address) return UNKNOWN_ADDRESS
  if (address.kind() === 'ipv4') return address.toString()
  if (ipv6Prefix >= 128) return (address as ipaddr.IPv6).toRFC5952String()
  return `${network(address as ipaddr.IPv6, ipv6Prefix).toRFC5952String()}/${ipv6Prefix}`
}

/** Checks an IPv6 prefix length option: a whole number from 0 to 128. */
export function checkIpv6Prefix(prefix: number): number {
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 128) {
    throw new RangeError(`ipv6Prefix must be a whole number from 0 to 128, not ${prefix}`)
  }
  return prefix
}
