/**
 * `/admin/`: the embed-code builder for the site owner, served by the proxy itself so it knows the real sites,
 * calendars and origins. Mounted only when an admin token is configured (`ADMIN_TOKEN`); without one every
 * `/admin/` path is the usual 404. The page's files hold nothing secret; its API answers only requests with
 * `Authorization: Bearer <token>`, compared in constant time (Hono's bearerAuth hashes both sides with Web Crypto).
 */
import { Hono } from 'hono'
import { bearerAuth } from 'hono/bearer-auth'
import * as v from 'valibot'
import { toIssues } from '../../../contract/schemas.ts'
import { ProxyError } from '../errors.ts'
import { serveStaticAsset, type StaticAsset } from './static-asset.ts'
import type { SiteRegistry } from '../config/sites.ts'
import type { AppEnv, CalendarService, Clock } from '../types.ts'
import { checkEmbed, CheckQuery } from '../services/admin/check.ts'
import { listSites } from '../services/admin/site-list.ts'

/** The builder page's files by name (`index.html`, `builder.js`, ...), read once by the runtime entry. */
export type BuilderAssets = Readonly<Record<string, StaticAsset>>

/** How an admin is configured: the token, and the page's files. */
export interface AdminOptions {
  /** The admin token (`ADMIN_TOKEN`): the API wants it as `Authorization: Bearer <token>`. */
  token: string
  /** The builder's files. Default none: the API works, the page is a 404 naming what is missing. */
  assets?: BuilderAssets
}

/** What {@link adminRoutes} needs besides its options. */
export interface AdminDeps extends AdminOptions {
  sites: SiteRegistry
  calendars: CalendarService
  /** Answers a request as the whole proxy does, for the live check. */
  probe: (request: Request) => Response | Promise<Response>
  clock: Clock
}

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
}

/** An error body for bearerAuth to send: the contract's shape, never the token that was sent. */
const refusal = (message: string) => new ProxyError(401, 'invalid_request', message).toJSON()

/** Builds the sub-app; mount it at `/admin`. */
export function adminRoutes(deps: AdminDeps) {
  const app = new Hono<AppEnv>()
  const assets = deps.assets ?? {}

  // `/admin` gets a trailing slash, so the page's relative addresses resolve under `/admin/`.
  app.get('/', (c) => c.redirect(`${c.req.path}/`, 308))
  app.get('/:file{[^/]*}', function serveBuilder(c) {
    const name = c.req.param('file') || 'index.html'
    const asset = assets[name]
    if (!asset) {
      throw new ProxyError(
        404,
        'not_found',
        deps.assets ? 'There is no such file.' : 'The builder files are missing.',
      )
    }
    return serveStaticAsset(c, asset, TYPES[name.split('.').pop()!] ?? 'application/octet-stream', 0)
  })

  app.use(
    '/api/*',
    bearerAuth({
      token: deps.token,
      noAuthenticationHeader: {
        message: refusal(
          'The admin API needs the admin token (ADMIN_TOKEN) as Authorization: Bearer <token>.',
        ),
      },
      invalidAuthenticationHeader: { message: refusal('Expected Authorization: Bearer <token>.') },
      invalidToken: {
        message: refusal('This is not the admin token the proxy was started with (ADMIN_TOKEN).'),
      },
    }),
    async function noStore(c, next) {
      await next()
      // The owner's configuration: no cache keeps it.
      c.header('Cache-Control', 'no-store')
    },
  )
  app.get('/api/sites', async (c) => c.json({ sites: await listSites(deps.sites, deps.calendars) }))
  app.get('/api/check', async (c) => {
    const parsed = v.safeParse(CheckQuery, c.req.query())
    if (!parsed.success) {
      throw new ProxyError(400, 'invalid_request', 'The check needs a site, a calendar and a page origin.', {
        issues: toIssues(parsed.issues),
      })
    }
    return c.json(await checkEmbed(deps, parsed.output, new URL(c.req.url).origin))
  })
  return app
}
