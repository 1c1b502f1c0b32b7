/**
 * The webhook route's rate limits, checked before the body is read or a signature verified: a forged delivery
 * costs an Ed25519 verification (about 2 ms of CPU), so a flood of them is refused for the price of a counter.
 * Per sender address (normalised as the visitor limits do: IPv6 per network), and over all senders; a sender's
 * refused deliveries do not count against the overall limit, so one sender cannot shut out GHL's.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { ProxyError, sendError } from '../errors.ts'
import { NO_METRICS, type Metrics, type RateLimitKind } from '../metrics/metrics.ts'
import type { RateLimitCount, RateLimitStore } from '../stores/rate-limit.ts'
import type { RateLimitRule } from '../config/sites.ts'
import type { Clock } from '../types.ts'
import { checkIpv6Prefix, DEFAULT_IPV6_PREFIX, visitorKey } from '../middleware/visitor-address.ts'

/** Default limits: far above the deliveries of a busy GHL location, far below what costs real CPU. */
export const DEFAULT_WEBHOOK_LIMITS = {
  source: { limit: 600, windowSeconds: 60 },
  overall: { limit: 1_200, windowSeconds: 60 },
} as const satisfies Record<string, RateLimitRule>

/** Options of {@link webhookLimit}. */
export interface WebhookLimitOptions {
  store: RateLimitStore
  /** The sender's IP address; undefined when the runtime has none (then only the overall limit applies). */
  clientIp: (c: Context) => string | undefined
  /** IPv6 senders are counted per network of this many leading bits. Default 64. */
  ipv6Prefix?: number
  /** Deliveries per sender address, and over all senders. Default {@link DEFAULT_WEBHOOK_LIMITS}. */
  limits?: { source?: RateLimitRule; overall?: RateLimitRule }
  /** Default `Date.now`. */
  clock?: Clock
  /** Counts refusals (`webhook_sender`, `webhook_overall`). Default {@link NO_METRICS}. */
  metrics?: Metrics
}

/** The limit middleware: 429 `rate_limited` with Retry-After past either limit. */
export function webhookLimit(options: WebhookLimitOptions): MiddlewareHandler {
  const { store, clientIp } = options
  const clock = options.clock ?? Date.now
  const metrics = options.metrics ?? NO_METRICS
  const ipv6Prefix = checkIpv6Prefix(options.ipv6Prefix ?? DEFAULT_IPV6_PREFIX)
  const { source, overall } = { ...DEFAULT_WEBHOOK_LIMITS, ...options.limits }

  const refuse = (c: Context, count: RateLimitCount, limit: RateLimitKind) => {
    metrics.rateLimited('', limit)
    return sendError(
      c,
      new ProxyError(429, 'rate_limited', 'Too many webhook deliveries. Please retry later.', {
        headers: { 'Retry-After': String(Math.max(1, Math.ceil((count.resetAt - clock()) / 1000))) },
      }),
    )
  }

  return async function limitWebhooks(c, next) {
    const ip = clientIp(c)
    if (ip !== undefined) {
      const bySource = await store.hit(
        `webhook:ip:${visitorKey(ip, ipv6Prefix)}`,
        source.windowSeconds * 1000,
      )
      if (bySource.count > source.limit) return refuse(c, bySource, 'webhook_sender')
    }
    const byAll = await store.hit('webhook:all', overall.windowSeconds * 1000)
    if (byAll.count > overall.limit) return refuse(c, byAll, 'webhook_overall')
    await next()
  }
}
