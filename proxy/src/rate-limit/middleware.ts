/**
 * Per-site and per-visitor request limits for `/v1/sites/:site/*`. Over either limit: 429 `rate_limited`
 * with Retry-After. Every answer carries the IETF RateLimit-Policy and RateLimit headers
 * (draft-ietf-httpapi-ratelimit-headers), naming the policy closest to its limit.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { ProxyError } from '../errors.ts'
import { DEFAULT_RATE_LIMITS, type RateLimitRule } from '../sites.ts'
import type { AppEnv, Clock } from '../types.ts'
import type { RateLimitStore } from './store.ts'

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

/** The rate-limit middleware; needs `site` set on the context. */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<AppEnv> {
  const { store, clientIp } = options
  const clock = options.clock ?? Date.now

  const check = async (name: Verdict['name'], key: string, rule: RateLimitRule): Promise<Verdict> => {
    const { count, resetAt } = await store.hit(key, rule.windowSeconds * 1000)
    const resetSeconds = Math.max(1, Math.ceil((resetAt - clock()) / 1000))
    return { name, rule, remaining: Math.max(0, rule.limit - count), resetSeconds, over: count > rule.limit }
  }

  return async function rateLimitMiddleware(c, next) {
    const site = c.get('site')
    const rules = { ...DEFAULT_RATE_LIMITS, ...site.rateLimit }
    const ip = clientIp(c)
    const verdicts = await Promise.all([
      check('site', `site:${site.id}`, rules.site),
      ...(ip ? [check('visitor', `ip:${site.id}:${ip}`, rules.visitor)] : []),
    ])
    const policy = verdicts.map((v) => `"${v.name}";q=${v.rule.limit};w=${v.rule.windowSeconds}`).join(', ')
    const tightest = verdicts.reduce((a, b) => (b.remaining < a.remaining ? b : a))
    const rateLimit = `"${tightest.name}";r=${tightest.remaining};t=${tightest.resetSeconds}`
    // The window's reset is how long the visitor must wait.
    const over = verdicts.find((v) => v.over)
    if (over) {
      throw new ProxyError(429, 'rate_limited', 'Too many requests. Please wait a moment and try again.', {
        headers: {
          'RateLimit-Policy': policy,
          RateLimit: rateLimit,
          'Retry-After': String(over.resetSeconds),
        },
      })
    }
    // Set before the handler: they join whatever it answers, errors included, without rebuilding its response.
    c.header('RateLimit-Policy', policy)
    c.header('RateLimit', rateLimit)
    await next()
  }
}
