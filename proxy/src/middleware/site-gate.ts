/**
 * The gate in front of every `/v1/sites/:site/*` route, whatever its method: finds the site (404
 * `unknown_site`), refuses browsers on origins the site does not list (403 `origin_not_allowed`), answers
 * CORS for exactly the site's origins (preflights included), and sets `site` for the routes behind it.
 * None of this reaches GHL.
 */
import type { MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import { originNotAllowed, unknownSite } from '../refusals.ts'
import type { SiteRegistry } from '../config/sites.ts'
import type { AppEnv } from '../types.ts'
import { answerHeaders } from './response-headers.ts'

/** Response headers the widget may read across origins. */
export const EXPOSED_HEADERS = [
  'Retry-After',
  'RateLimit',
  'RateLimit-Policy',
  'X-Request-Id',
  'X-Slots-Stale',
  // Set by the booking route when it answers a repeated Idempotency-Key from its store.
  'Idempotent-Replayed',
]

/** Options of {@link siteGate}. */
export interface SiteGateOptions {
  sites: SiteRegistry
  /** Seconds a browser may cache a preflight. Default 600. */
  preflightMaxAge?: number
}

/** The site gate middleware; mount it on `/v1/sites/:site/*`. */
export function siteGate(options: SiteGateOptions): MiddlewareHandler<AppEnv> {
  const { sites } = options
  const exposed = EXPOSED_HEADERS.join(',')
  // Preflights only: hono's cors writes to `c.res.headers`, which would build a `Headers` for every answer;
  // simple requests get the same headers below without that.
  const preflight = cors({
    // The gate has already refused other origins, so here the request's origin is one the site lists.
    origin: (origin, c) => (c.get('site')?.origins.includes(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Content-Type', 'Idempotency-Key'],
    exposeHeaders: EXPOSED_HEADERS,
    maxAge: options.preflightMaxAge ?? 600,
  })

  return async function siteGateMiddleware(c, next) {
    const site = sites.get(c.req.param('site') ?? '')
    // Like every error, readable from any page (response-headers.ts), and naming the fix: the widget shows the
    // visitor that booking is not available here, and writes the message to the console for the site owner.
    if (!site) throw unknownSite(c.req.param('site') ?? '')
    // Requests without Origin come from servers and tools, not from another site's page; CORS is for browsers.
    const origin = c.req.header('Origin')
    if (origin !== undefined && !site.origins.includes(origin)) throw originNotAllowed(site.id, origin)
    c.set('site', site)
    if (c.req.method === 'OPTIONS') return preflight(c, next)
    // The headers hono's cors gives a simple request, added to the answer's headers (see response-headers.ts),
    // which a hot route sends as they are and any other answer gets copied on.
    const headers = answerHeaders(c)
    if (origin !== undefined) headers['Access-Control-Allow-Origin'] = origin
    headers['Access-Control-Expose-Headers'] = exposed
    headers['Vary'] = 'Origin'
    await next()
  }
}
