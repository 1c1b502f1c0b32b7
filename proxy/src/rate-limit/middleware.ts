/**
 * Per-site and per-visitor request limits for `/v1/sites/:site/*`. Over either limit: 429 `rate_limited`
 * with Retry-After. Every answer carries the IETF RateLimit-Policy and RateLimit headers
 * (draft-ietf-httpapi-ratelimit-headers), naming the policy closest to its limit.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { ProxyError } from '../errors.ts'
import { answerHeaders } from '../middleware/response-headers.ts'
import { DEFAULT_RATE_LIMITS, type RateLimitRule, type Site } from '../sites.ts'
import type { AppEnv, Clock } from '../types.ts'
import type { RateLimitCount, RateLimitStore } from './store.ts'

/** Options of {@link rateLimit}. */
export interface RateLimitOptions {
  store: RateLimitStore
  /** The visitor's IP address; undefined when unknown (then only the site limit applies). */
  clientIp: (c: Context) => string | undefined
  /** Default `Date.now`. */
  clock?: Clock
}

interface Verdict {
  name: 'site' | 'visitor'
  rule: RateLimitRule
  remaining: number
  resetSeconds: number
  over: boolean
}

/** A site's rules and its `RateLimit-Policy` values, which change only with the site. */
interface SitePolicy {
  rules: { site: RateLimitRule; visitor: RateLimitRule }
  /** Without a known visitor IP (site limit only), and with one. */
  siteOnly: string
  withVisitor: string
}

const describePolicy = (name: Verdict['name'], rule: RateLimitRule) =>
  `"${name}";q=${rule.limit};w=${rule.windowSeconds}`

/** The rate-limit middleware; needs `site` set on the context. */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<AppEnv> {
  const { store, clientIp } = options
  const clock = options.clock ?? Date.now
  // Sites are immutable values from the registry, so their policies are worked out once.
  const policies = new WeakMap<Site, SitePolicy>()
  const policyOf = (site: Site): SitePolicy => {
    let policy = policies.get(site)
    if (!policy) {
      const rules = { ...DEFAULT_RATE_LIMITS, ...site.rateLimit }
      const siteOnly = describePolicy('site', rules.site)
      policy = { rules, siteOnly, withVisitor: `${siteOnly}, ${describePolicy('visitor', rules.visitor)}` }
      policies.set(site, policy)
    }
    return policy
  }

  const verdict = (name: Verdict['name'], rule: RateLimitRule, hit: RateLimitCount): Verdict => ({
    name,
    rule,
    remaining: Math.max(0, rule.limit - hit.count),
    resetSeconds: Math.max(1, Math.ceil((hit.resetAt - clock()) / 1000)),
    over: hit.count > rule.limit,
  })

  return async function rateLimitMiddleware(c, next) {
    const site = c.get('site')
    const { rules, siteOnly, withVisitor } = policyOf(site)
    const ip = clientIp(c)
    const siteHit = store.hit(`site:${site.id}`, rules.site.windowSeconds * 1000)
    // Both counters are asked at once: a shared store answers them in one round trip's time.
    const [siteCount, visitorCount] = ip
      ? await Promise.all([siteHit, store.hit(`ip:${site.id}:${ip}`, rules.visitor.windowSeconds * 1000)])
      : [await siteHit]
    const bySite = verdict('site', rules.site, siteCount)
    const byVisitor = visitorCount && verdict('visitor', rules.visitor, visitorCount)
    const policy = byVisitor ? withVisitor : siteOnly
    const tightest = byVisitor && byVisitor.remaining < bySite.remaining ? byVisitor : bySite
    const rateLimit = `"${tightest.name}";r=${tightest.remaining};t=${tightest.resetSeconds}`
    // The window's reset is how long the visitor must wait.
    const over = bySite.over ? bySite : byVisitor?.over ? byVisitor : undefined
    if (over) {
      throw new ProxyError(429, 'rate_limited', 'Too many requests. Please wait a moment and try again.', {
        headers: {
          'RateLimit-Policy': policy,
          RateLimit: rateLimit,
          'Retry-After': String(over.resetSeconds),
        },
      })
    }
    // Added to the answer's headers before the handler: they join whatever it answers, errors included.
    const headers = answerHeaders(c)
    headers['RateLimit-Policy'] = policy
    headers['RateLimit'] = rateLimit
    return next()
  }
}
