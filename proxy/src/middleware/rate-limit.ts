/**
 * Per-site and per-visitor request limits for `/v1/sites/:site/*`. Over either limit: 429 `rate_limited`
 * with Retry-After. Every answer carries the IETF RateLimit-Policy and RateLimit headers
 * (draft-ietf-httpapi-ratelimit-headers), naming the policy closest to its limit.
 *
 * The visitor is counted first, and the site only for a request within the visitor's limit: a visitor's refused
 * requests use up nothing of the site's, so one visitor cannot lock out the others. Visitors are keyed by their
 * address in canonical form, IPv6 by its network (see visitor-address.ts).
 */
import type { Context, MiddlewareHandler } from 'hono'
import { ProxyError } from '../errors.ts'
import { NO_METRICS, type Metrics } from '../metrics/metrics.ts'
import { answerHeaders } from './response-headers.ts'
import { DEFAULT_RATE_LIMITS, type RateLimitRule, type Site } from '../config/sites.ts'
import type { AppEnv, Clock } from '../types.ts'
import { checkIpv6Prefix, DEFAULT_IPV6_PREFIX, visitorKey } from './visitor-address.ts'
import type { RateLimitCount, RateLimitStore } from '../stores/rate-limit.ts'

/** Options of {@link rateLimit}. */
export interface RateLimitOptions {
  store: RateLimitStore
  /**
   * The visitor's IP address as the runtime sees it; validated and normalised here, so any spelling of one
   * address counts as one visitor, and anything that is not an address counts as one "unknown" visitor. Undefined
   * when the runtime has no address at all (then only the site limit applies).
   */
  clientIp: (c: Context) => string | undefined
  /** IPv6 visitors are counted per network of this many leading bits (0-128). Default 64. */
  ipv6Prefix?: number
  /** Default `Date.now`. */
  clock?: Clock
  /** Counts refusals by site and limit. Default {@link NO_METRICS}. */
  metrics?: Metrics
}

interface Verdict {
  name: 'site' | 'visitor'
  rule: RateLimitRule
  remaining: number
  resetSeconds: number
  over: boolean
}

/** A site's rules, keys and `RateLimit-Policy` values, which change only with the site. */
interface SitePolicy {
  rules: { site: RateLimitRule; visitor: RateLimitRule }
  siteKey: string
  /** Visitor keys are this plus the IP. */
  visitorPrefix: string
  siteWindowMs: number
  visitorWindowMs: number
  /** Without a known visitor IP (site limit only), and with one. */
  siteOnly: string
  withVisitor: string
}

const describePolicy = (name: Verdict['name'], rule: RateLimitRule) =>
  `"${name}";q=${rule.limit};w=${rule.windowSeconds}`

/**
 * The rate-limit middleware; needs `site` set on the context. The store's answers are awaited, whatever they are:
 * a count, a promise, or another thenable (a Durable Object stub's result is not a `Promise`).
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<AppEnv> {
  const { store, clientIp } = options
  const clock = options.clock ?? Date.now
  const metrics = options.metrics ?? NO_METRICS
  const ipv6Prefix = checkIpv6Prefix(options.ipv6Prefix ?? DEFAULT_IPV6_PREFIX)
  // Sites are immutable values from the registry, so their policies are worked out once.
  const policies = new WeakMap<Site, SitePolicy>()
  const policyOf = (site: Site): SitePolicy => {
    let policy = policies.get(site)
    if (!policy) {
      const rules = { ...DEFAULT_RATE_LIMITS, ...site.rateLimit }
      const siteOnly = describePolicy('site', rules.site)
      policy = {
        rules,
        siteKey: `site:${site.id}`,
        visitorPrefix: `ip:${site.id}:`,
        siteWindowMs: rules.site.windowSeconds * 1000,
        visitorWindowMs: rules.visitor.windowSeconds * 1000,
        siteOnly,
        withVisitor: `${siteOnly}, ${describePolicy('visitor', rules.visitor)}`,
      }
      policies.set(site, policy)
    }
    return policy
  }

  const verdict = (
    name: Verdict['name'],
    rule: RateLimitRule,
    hit: RateLimitCount,
    now: number,
  ): Verdict => ({
    name,
    rule,
    remaining: Math.max(0, rule.limit - hit.count),
    resetSeconds: Math.max(1, Math.ceil((hit.resetAt - now) / 1000)),
    over: hit.count > rule.limit,
  })

  /**
   * Refuses a request over a limit; else adds the limit headers to the answer's. `siteCount` is missing when the
   * visitor was over its own limit (the site was not counted).
   */
  function judge(c: Context, policy: SitePolicy, siteCount?: RateLimitCount, visitorCount?: RateLimitCount) {
    const now = clock()
    const bySite = siteCount && verdict('site', policy.rules.site, siteCount, now)
    const byVisitor = visitorCount && verdict('visitor', policy.rules.visitor, visitorCount, now)
    const described = byVisitor ? policy.withVisitor : policy.siteOnly
    const tightest = !bySite || (byVisitor && byVisitor.remaining < bySite.remaining) ? byVisitor! : bySite
    const rateLimit = `"${tightest.name}";r=${tightest.remaining};t=${tightest.resetSeconds}`
    // The window's reset is how long the visitor must wait.
    const over = byVisitor?.over ? byVisitor : bySite?.over ? bySite : undefined
    if (over) {
      metrics.rateLimited(c.get('site').id, over.name)
      throw new ProxyError(429, 'rate_limited', 'Too many requests. Please wait a moment and try again.', {
        headers: {
          'RateLimit-Policy': described,
          RateLimit: rateLimit,
          'Retry-After': String(over.resetSeconds),
        },
      })
    }
    // Added to the answer's headers before the handler: they join whatever it answers, errors included.
    const headers = answerHeaders(c)
    headers['RateLimit-Policy'] = described
    headers['RateLimit'] = rateLimit
  }

  return async function rateLimitMiddleware(c, next) {
    const policy = policyOf(c.get('site'))
    const ip = clientIp(c)
    if (ip === undefined) {
      judge(c, policy, await store.hit(policy.siteKey, policy.siteWindowMs))
      return next()
    }
    const visitor = policy.visitorPrefix + visitorKey(ip, ipv6Prefix)
    // Two counts one after the other (a shared store takes two round trips): the site's only when the visitor's
    // allows it, each an atomic hit, so both counts in the headers are exact.
    const byVisitor = await store.hit(visitor, policy.visitorWindowMs)
    // Over its own limit: refused (judge throws) before the site is counted.
    if (byVisitor.count > policy.rules.visitor.limit) return judge(c, policy, undefined, byVisitor)
    judge(c, policy, await store.hit(policy.siteKey, policy.siteWindowMs), byVisitor)
    await next()
  }
}
