/**
 * Wires the whole proxy from plain options: GHL client, throttle, caches, rate-limit store, the read routes,
 * and the booking (with its manage links) and webhook sub-apps. Runtime-free: the Node entry and the tests both
 * call it.
 */
import type { Context, Handler } from 'hono'
import type { AdminOptions } from './routes/admin.ts'
import type { Compress } from './middleware/compression.ts'
import { createApp, executionContextWaitUntil } from './app.ts'
import { createMemoryQuotaStore, type QuotaStore } from './stores/quota-store.ts'
import { createBookingQuotas } from './services/bookings/quotas.ts'
import { bookingRoutes } from './routes/bookings.ts'
import { manageRoutes } from './routes/manage.ts'
import type { ManageSecrets } from './config/manage.ts'
import { createSlotCheck } from './services/bookings/slot-check.ts'
import { createManageService } from './services/manage/changes.ts'
import { createBookingLinks } from './services/manage/links.ts'
import {
  createOpportunities,
  type Opportunities,
  type OpportunityOptions,
} from './services/opportunities/opportunities.ts'
import { settingsOf } from './services/opportunities/pipeline-check.ts'
import { createManageTokens } from './services/manage/token.ts'
import { createTurnstile } from './services/bookings/turnstile.ts'
import { createCalendarService } from './services/calendars/calendar-service.ts'
import { createGhlClient, GHL_API_BASE } from './ghl/client.ts'
import { createThrottle, type Throttle } from './ghl/throttle.ts'
import type { GhlClient } from './ghl/types.ts'
import { createMemoryIdempotencyStore } from './stores/idempotency-memory.ts'
import type { IdempotencyStore } from './stores/idempotency.ts'
import { shareInvalidation, type InvalidationBus } from './stores/invalidation.ts'
import type { ReplayGuard } from './stores/replay.ts'
import type { Logger } from './logger.ts'
import type { Metrics } from './metrics/metrics.ts'
import { createMemoryRateLimitStore, type RateLimitStore } from './stores/rate-limit.ts'
import { WIDGET_LOCALES } from './routes/locales.ts'
import type { WidgetAsset } from './routes/widget.ts'
import { createSiteRegistry, type Site } from './config/sites.ts'
import { createSlotService } from './services/slots/slot-service.ts'
import type { AppEnv, CalendarService, Clock, SlotReplies } from './types.ts'
import { webhookRoutes } from './routes/webhooks.ts'
import type { MarketplaceSettings } from './config/oauth.ts'
import { createMarketplace } from './oauth/marketplace.ts'
import { oauthRoutes } from './routes/oauth.ts'
import { createMemoryReplayGuard } from './stores/replay.ts'
import type { TokenStore } from './stores/tokens.ts'

/** Options of {@link buildProxy}; every field but `sites` and the token has a production default. */
export interface ProxyOptions {
  /** Validated sites. */
  sites: Site[]
  /**
   * The Private Integration Token of a location (see `resolveTokens`), or undefined: then, in Marketplace mode, the
   * location's Marketplace tokens.
   */
  tokenFor: (locationId: string) => string | undefined
  /**
   * Marketplace (OAuth 2.0) mode: the app's settings (`marketplaceSettings`). Default off: Private Integration
   * Tokens only, and `/oauth/*` answers 404.
   */
  marketplace?: MarketplaceSettings
  /** Where Marketplace grants are kept, sealed; shared by instances. Default {@link createMemoryTokenStore}. */
  tokenStore?: TokenStore
  /** A Marketplace token is renewed when less than this much of its life is left, ms. Default 300 000. */
  refreshMarginMs?: number
  /** GHL API base; the sandbox's URL in the demo and tests. Default the real API. */
  ghlApiBase?: string
  /** Default `globalThis.fetch`. */
  fetch?: typeof fetch
  /** Default `Date.now`. */
  clock?: Clock
  /** Waits between GHL retries and in the throttle. Default `setTimeout`. */
  sleep?: (ms: number) => Promise<void>
  /** Default nothing. */
  log?: Logger
  /** Visitor IP of a request (runtime-specific). Default unknown. */
  clientIp?: (c: Context) => string | undefined
  /** IPv6 visitors are counted per network of this many leading bits. Default 64. */
  ipv6Prefix?: number
  widget?: () => WidgetAsset | undefined
  /**
   * Serves `/widget.js` and `/widget/locales/:file` in place of `widget` and the bundled catalogs (Workers Static
   * Assets: `assetsBinding`). Default none.
   */
  staticAssets?: Handler<AppEnv>
  /** Longest time a calendar or slots read with nothing cached waits for GHL, ms. Default 5 000. */
  readTimeoutMs?: number
  /** Longest time a `/v1` request may take, ms. Default 25 000. */
  requestTimeoutMs?: number
  /** Slot TTL in ms. Default 60 000. */
  slotsTtlMs?: number
  /** Calendar details TTL in ms. Default 300 000. */
  calendarTtlMs?: number
  /** GHL requests per window and location. Default 90 (GHL allows 100 per 10 s). */
  throttleLimit?: number
  /** Default 10 000. */
  throttleWindowMs?: number
  /** Default 200. */
  throttleQueue?: number
  /** Default in memory. */
  rateLimitStore?: RateLimitStore
  /** Default in memory. */
  idempotencyStore?: IdempotencyStore
  /** Where booking quotas are counted. Default in memory. */
  bookingQuotaStore?: QuotaStore
  /** Remembers webhook ids. Default in memory. */
  replayGuard?: ReplayGuard
  /** Grants GHL requests per location. Default in memory (`throttleLimit`, `throttleWindowMs`, `throttleQueue`). */
  throttle?: Throttle
  /** Tells other instances which calendar's slots changed, and hears theirs. Default none (one instance). */
  invalidation?: InvalidationBus
  /** The Turnstile secret of a site with `turnstile` (see `resolveTurnstileSecrets`). Default none. */
  turnstileSecretFor?: (site: Site) => string | undefined
  /** Cloudflare's siteverify URL, or the sandbox's double. Default Cloudflare's. Called with `fetch`. */
  turnstileVerifyUrl?: string
  /** Ed25519 key for webhook signatures. Default GHL's published key. */
  webhookPublicKey?: string
  /** Replaces the GHL client entirely (tests). */
  ghl?: GhlClient
  /** The embed-code builder under `/admin/` and its token. Default off. */
  admin?: AdminOptions
  /**
   * Where requests, slot reads, GHL calls, the throttle, bookings and limit refusals are counted. Default none.
   * The Node entry gives prom-client's (`entries/prometheus.ts`).
   */
  metrics?: Metrics
  /** The bearer token of `GET /metrics`. Default none: `/metrics` is a 404. */
  metricsToken?: string
  /** The secrets of booking links (`MANAGE_SECRET`, `MANAGE_SECRET_PREVIOUS`). Default none: links are off. */
  manage?: ManageSecrets
  /** How JSON answers are compressed (`createApp`'s `compress`). Default gzip through `CompressionStream`. */
  compress?: Compress | null
  /**
   * The background opportunity work of sites with `opportunity` settings: the waits between its attempts
   * (`retryDelaysMs`, default 1, 5, 15 s), how many jobs may be pending (`maxPending`, default 1 000), and what
   * waits (`sleep`, default `sleep` above). See services/opportunities/opportunities.ts.
   */
  opportunities?: Pick<OpportunityOptions, 'retryDelaysMs' | 'maxPending' | 'sleep'>
}

/** The built proxy: the app and the services behind it. */
export interface Proxy {
  app: ReturnType<typeof createApp>
  ghl: GhlClient
  calendars: CalendarService
  slots: SlotReplies
  /** The opportunity work, when a site has `opportunity` settings; its `verify()` is the start-up check. */
  opportunities?: Opportunities
}

/** Builds the proxy app and its services. */
export function buildProxy(options: ProxyOptions): Proxy {
  const clock = options.clock ?? Date.now
  const sleep = options.sleep
  const log = options.log
  const metrics = options.metrics
  const pitFor = options.tokenFor
  const marketplace =
    options.marketplace &&
    createMarketplace({
      settings: options.marketplace,
      apiBase: options.ghlApiBase ?? GHL_API_BASE,
      tokenStore: options.tokenStore,
      fetch: options.fetch,
      clock,
      sleep,
      tuning: { refreshMarginMs: options.refreshMarginMs },
      log,
      metrics,
      serves: (locationId) => options.sites.some((site) => site.locationId === locationId),
    })
  // A location's Private Integration Token first; without one, its Marketplace tokens.
  const oauthTokens = marketplace?.tokens
  const ghl =
    options.ghl ??
    createGhlClient({
      baseUrl: options.ghlApiBase ?? GHL_API_BASE,
      tokenFor: oauthTokens ? (locationId) => pitFor(locationId) ?? oauthTokens.tokenFor(locationId) : pitFor,
      renewToken:
        oauthTokens &&
        (async (locationId, refused) =>
          pitFor(locationId) ? undefined : oauthTokens.renew(locationId, refused)),
      fetch: options.fetch,
      clock,
      sleep,
      log: log && ((entry) => log({ level: 'warn', ...entry, msg: String(entry.msg) })),
      metrics,
      throttle:
        options.throttle ??
        createThrottle({
          limit: options.throttleLimit,
          windowMs: options.throttleWindowMs,
          maxQueue: options.throttleQueue,
          clock,
          sleep,
          metrics,
        }),
    })
  const calendars = createCalendarService({ ghl, clock, ttlMs: options.calendarTtlMs, log })
  const ownSlots = createSlotService({ ghl, calendars, clock, ttlMs: options.slotsTtlMs, metrics })
  const slots = options.invalidation
    ? shareInvalidation(
        ownSlots,
        options.invalidation,
        options.sites.flatMap((site) => site.calendars),
      )
    : ownSlots
  const rateLimitStore = options.rateLimitStore ?? createMemoryRateLimitStore({ clock })
  const replay = options.replayGuard ?? createMemoryReplayGuard({ clock })
  const idempotency = options.idempotencyStore ?? createMemoryIdempotencyStore({ clock })
  // One check of starts for bookings and moves; booking links when there is a secret to sign them.
  const check = createSlotCheck({ ghl, slots, clock })
  const tokens = options.manage && createManageTokens({ ...options.manage, clock })
  const opportunities = options.sites.some((site) => settingsOf(site).length > 0)
    ? createOpportunities({
        sites: options.sites,
        ghl,
        calendars,
        log,
        metrics,
        sleep,
        ...options.opportunities,
      })
    : undefined
  const bookings = bookingRoutes({
    ghl,
    calendars,
    slots,
    idempotency,
    check,
    links: tokens && createBookingLinks({ tokens, ghl, log }),
    opportunities,
    waitUntil: executionContextWaitUntil,
    metrics,
    clock,
    log,
    sleep,
    clientIp: options.clientIp,
    quotas: createBookingQuotas({
      store: options.bookingQuotaStore ?? createMemoryQuotaStore({ clock }),
    }),
    turnstile: createTurnstile({
      secretFor: options.turnstileSecretFor,
      verifyUrl: options.turnstileVerifyUrl,
      fetch: options.fetch,
      log,
    }),
  })
  const service =
    tokens && createManageService({ ghl, calendars, slots, tokens, check, clock, log, opportunities })
  bookings.route(
    '/',
    manageRoutes({ tokens, service, idempotency, clock, log, sleep, waitUntil: executionContextWaitUntil }),
  )
  const app = createApp({
    sites: createSiteRegistry(options.sites),
    calendars,
    slots,
    rateLimitStore,
    clientIp: options.clientIp,
    ipv6Prefix: options.ipv6Prefix,
    widget: options.widget,
    compress: options.compress,
    locales: WIDGET_LOCALES,
    staticAssets: options.staticAssets,
    readTimeoutMs: options.readTimeoutMs,
    requestTimeoutMs: options.requestTimeoutMs,
    log,
    clock,
    metrics,
    metricsToken: options.metricsToken,
    bookings,
    webhooks: webhookRoutes({
      slots,
      clock,
      replay,
      publicKey: options.webhookPublicKey,
      marketplace: marketplace && {
        accounts: marketplace.accounts,
        appId: marketplace.settings.appId,
        calendarsOf: (locationId) =>
          pitFor(locationId) === undefined
            ? options.sites.filter((site) => site.locationId === locationId).flatMap((site) => site.calendars)
            : [],
      },
      calendars,
      log,
      rateLimitStore,
      clientIp: options.clientIp,
      ipv6Prefix: options.ipv6Prefix,
      metrics,
    }),
    oauth:
      marketplace &&
      oauthRoutes({
        marketplace,
        sites: options.sites,
        hasPit: (locationId) => pitFor(locationId) !== undefined,
        replay,
        rateLimitStore,
        clientIp: options.clientIp,
        ipv6Prefix: options.ipv6Prefix,
        log,
      }),
    admin: options.admin,
  })
  return { app, ghl, calendars, slots, opportunities }
}
