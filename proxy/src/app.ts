/**
 * `createApp(deps)`: the proxy as a Hono app built from injected parts, on Web standards only, so any runtime
 * entry (Node now, edge runtimes later) just wires I/O and serves it.
 */
import { Hono, type Context, type ErrorHandler, type Handler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { adminRoutes, type AdminOptions } from './routes/admin.ts'
import type { ErrorCode } from '../../contract/schemas.ts'
import { ProxyError, sendError, toProxyError } from './errors.ts'
import { describeError, requestLog, type Logger } from './logger.ts'
import { compression, type Compress } from './middleware/compression.ts'
import { deadline, hasExpired } from './middleware/deadline.ts'
import { responseHeaders } from './middleware/response-headers.ts'
import { siteGate } from './middleware/site-gate.ts'
import { rateLimit } from './middleware/rate-limit.ts'
import type { Metrics } from './metrics/metrics.ts'
import { requestMetrics } from './metrics/request-metrics.ts'
import { metricsRoutes } from './routes/metrics.ts'
import type { RateLimitStore } from './stores/rate-limit.ts'
import { createRefusalLog } from './middleware/refusal-log.ts'
import { Refusal } from './refusals.ts'
import { calendarRoutes } from './routes/calendars.ts'
import { localesHandler, type Catalogs } from './routes/locales.ts'
import { widgetRoutes, type WidgetAsset } from './routes/widget.ts'
import type { SiteRegistry } from './config/sites.ts'
import type { AppEnv, CalendarService, Clock, SlotReplies, WaitUntil } from './types.ts'

/** Everything the app is built from. */
export interface AppDeps {
  sites: SiteRegistry
  calendars: CalendarService
  slots: SlotReplies
  rateLimitStore: RateLimitStore
  /** The visitor's IP (runtime-specific). Default: unknown, so only the per-site limit applies. */
  clientIp?: (c: Context) => string | undefined
  /** IPv6 visitors are counted per network of this many leading bits. Default 64. */
  ipv6Prefix?: number
  /** The built widget, or undefined when not built. Default: not built. */
  widget?: () => WidgetAsset | undefined
  /**
   * Serves `/widget.js` and `/widget/locales/:file` in place of `widget` and `locales`, for a runtime that keeps
   * static files itself (Workers Static Assets, `assetsBinding`). Default: the two handlers above.
   */
  staticAssets?: Handler<AppEnv>
  /** The widget's message catalogs besides English, by language (`WIDGET_LOCALES`). Default: none. */
  locales?: Catalogs
  /** One JSON line per request, per server error, and per refused origin, site or calendar a minute. Default: nothing. */
  log?: Logger
  /** Default `Date.now`. */
  clock?: Clock
  /**
   * Where a request's work that may outlive its answer goes (a cache reload behind a stale answer, a load past
   * the read deadline). Default {@link executionContextWaitUntil}: the runtime's, given as `app.fetch`'s third
   * argument.
   */
  waitUntil?: (c: Context) => WaitUntil | undefined
  /** Longest time a `/v1` request may take, in ms. Default 25 000 (above the GHL client's 20 s deadline). */
  requestTimeoutMs?: number
  /** Longest time a calendar or slots read waits for GHL with nothing cached to answer, in ms. Default 5 000. */
  readTimeoutMs?: number
  /** `POST /v1/sites/:site/bookings` sub-app (`bookingRoutes(deps)`); mounted behind the site gate. */
  bookings?: Hono<AppEnv>
  /** `POST /v1/webhooks/ghl` sub-app (`webhookRoutes(deps)`). */
  webhooks?: Hono<any>
  /**
   * The Marketplace install flow under `/oauth/` (`oauthRoutes(deps)`): no site, no CORS, its own limits.
   * Default: off (404), as in Private Integration Token mode.
   */
  oauth?: Hono<any>
  /** The embed-code builder and its API under `/admin/`, behind the admin token. Default: off (404). */
  admin?: AdminOptions
  /**
   * Where requests and rate-limit refusals are counted (the services get the same from `buildProxy`). Default
   * none: no per-request bookkeeping.
   */
  metrics?: Metrics
  /**
   * The bearer token of `GET /metrics` (`METRICS_TOKEN`). Default none: `/metrics` is a 404, as it is when
   * `metrics` cannot render.
   */
  metricsToken?: string
  /**
   * Compresses JSON answers once per body (see middleware/compression.ts); null: answers go out as they are (a
   * platform that compresses by itself). Default gzip through the Web's `CompressionStream`.
   */
  compress?: Compress | null
}

const HTTP_CODES: Partial<Record<number, ErrorCode>> = {
  400: 'invalid_request',
  404: 'not_found',
  413: 'payload_too_large',
  504: 'upstream_unavailable',
}

/** Hono's own exceptions (timeout, body limit, bad JSON) in the contract's shape. */
function fromHttpException(error: HTTPException): ProxyError {
  const code = HTTP_CODES[error.status] ?? 'internal'
  const message =
    error.status === 504 ? 'The request took too long. Please try again.' : error.message || 'Request failed.'
  return new ProxyError(code === 'internal' ? 500 : error.status, code, message, { cause: error })
}

/**
 * `waitUntil` of the execution context the runtime passed to `app.fetch(request, env, executionCtx)` (Cloudflare
 * Workers), looked up only when work is handed over; on runtimes without one (Node, Deno, Bun: Hono's getter
 * throws) the work is held by nothing, and the process keeps it running.
 */
export function executionContextWaitUntil(c: Context): WaitUntil {
  return function waitUntil(work) {
    let context: { waitUntil(work: Promise<unknown>): void }
    try {
      context = c.executionCtx
    } catch {
      return
    }
    context.waitUntil(work)
  }
}

/**
 * Builds the proxy app: Hono's own composition, the middleware mounted with `app.use` in the order below and the
 * routes as sub-apps with `app.route()`. Middleware mounted on a path reaches every route under it, whenever it
 * is mounted, so a sub-app added later (a compression middleware, another route) still passes the site gate and
 * the limits.
 */
export function createApp(deps: AppDeps) {
  const clock = deps.clock ?? Date.now
  const log = deps.log ?? (() => {})
  const logRefusal = deps.log && createRefusalLog({ log: deps.log, clock })

  const onError: ErrorHandler<AppEnv> = (error, c) => {
    // The handler of a request that already got its 504 failed later: nobody hears it, and it is not a new error.
    // A fresh empty answer, since the 504's body may already be on its way (Hono copies a replaced answer's body).
    if (hasExpired(c) && c.finalized) return new Response(null, { status: c.res.status })
    // An exception that carries its own answer (bearerAuth's 401, in the contract's shape) is sent as it is.
    if (error instanceof HTTPException && error.res) return error.getResponse()
    const proxyError = error instanceof HTTPException ? fromHttpException(error) : toProxyError(error)
    if (proxyError instanceof Refusal) logRefusal?.(proxyError, c.get('requestId'))
    if (proxyError.status >= 500) {
      // The answer's code last: it is the one the visitor saw, whatever code the error itself carries.
      log({
        msg: 'error',
        level: 'error',
        requestId: c.get('requestId'),
        ...describeError(error),
        code: proxyError.code,
      })
    }
    return sendError(c, proxyError)
  }

  const app = new Hono<AppEnv>()
  // First, so it sees every answer, errors included.
  if (deps.metrics) app.use(requestMetrics({ metrics: deps.metrics, clock }))
  // Outermost: it sees each answer with every header the layers inside gave it.
  app.use(compression({ compress: deps.compress }))
  // The request id, the security headers and the headers the middleware below add, in one plain object.
  app.use(responseHeaders())
  // Without a logger there is nobody to tell: no per-request bookkeeping.
  if (deps.log) app.use(requestLog({ log: deps.log, clock }))
  // The GHL client bounds each call; this bounds the whole request: retries, the throttle's queue, calls.
  app.use('/v1/*', deadline({ ms: deps.requestTimeoutMs ?? 25_000 }))
  app.get('/healthz', (c) => c.json({ ok: true }))
  const render = deps.metrics?.render?.bind(deps.metrics)
  if (render && deps.metricsToken) app.route('/metrics', metricsRoutes({ token: deps.metricsToken, render }))
  if (deps.staticAssets) {
    // Workers Static Assets: the widget, its later modules and the language files.
    for (const path of ['/widget.js', '/widget/locales/:file', '/widget/:file'])
      app.get(path, deps.staticAssets)
  } else {
    app.route('/', widgetRoutes(deps.widget ?? (() => undefined)))
    app.get('/widget/locales/:file', localesHandler(deps.locales ?? {}))
  }
  // Every route under a site, whatever its method, passes the gate and the limits.
  app.use(
    '/v1/sites/:site/*',
    siteGate({ sites: deps.sites }),
    rateLimit({
      store: deps.rateLimitStore,
      clientIp: deps.clientIp ?? (() => undefined),
      ipv6Prefix: deps.ipv6Prefix,
      clock,
      metrics: deps.metrics,
    }),
  )
  app.route(
    '/v1/sites/:site/calendars',
    calendarRoutes({
      calendars: deps.calendars,
      slots: deps.slots,
      waitUntil: deps.waitUntil ?? executionContextWaitUntil,
      readTimeoutMs: deps.readTimeoutMs,
    }),
  )
  // ── Write-path sub-apps: bookings (behind the site gate above) and GHL webhooks (no site, signed). ──
  if (deps.bookings) app.route('/v1/sites/:site/bookings', deps.bookings)
  if (deps.webhooks) app.route('/v1/webhooks/ghl', deps.webhooks)
  if (deps.oauth) app.route('/oauth', deps.oauth)
  if (deps.admin) {
    const probe = (request: Request) => app.fetch(request)
    app.route(
      '/admin',
      adminRoutes({ ...deps.admin, sites: deps.sites, calendars: deps.calendars, probe, clock }),
    )
  }
  app.notFound((c) => sendError(c, new ProxyError(404, 'not_found', 'There is no such route.')))
  app.onError(onError)
  return app
}
