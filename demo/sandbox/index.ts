/**
 * The GHL sandbox: a stateful fake of the GHL API v2 endpoints the proxy uses, as one Hono app. Serve it on a
 * port (`main.ts`) or answer inside msw handlers (`msw.ts`): one fake, two transports.
 */
import { Hono, type MiddlewareHandler } from 'hono'
import { appointmentRoutes } from './appointment-routes.ts'
import { calendarRoutes } from './calendar-routes.ts'
import { createClock, type SettableClock } from './clock.ts'
import { contactRoutes } from './contact-routes.ts'
import { controlRoutes } from './control-routes.ts'
import { faultMiddleware, NO_FAULTS, type Faults } from './faults.ts'
import { GhlHttpError, sendGhlError, traceId } from './ghl-error.ts'
import { createOAuth, type OAuthOptions } from './oauth.ts'
import { oauthControlRoutes } from './oauth-control.ts'
import { INVALID_JWT, oauthRoutes, WRONG_AUTH_CLASS } from './oauth-routes.ts'
import type { SandboxState } from './model.ts'
import { eventResponse } from './present.ts'
import { createRateLimiter, type BurstLimit } from './rate-limit.ts'
import { createRequestLog, type SandboxRequest } from './request-log.ts'
import { createIds, type SandboxEnv, type SandboxServices } from './sandbox-env.ts'
import { createSeed, SANDBOX } from './seed.ts'
import { DEFAULT_SETTINGS, type Settings } from './settings.ts'
import { createTimers } from './timers.ts'
import { createTurnstileDouble, type TurnstileVerification } from './turnstile.ts'
import { userRoutes } from './user-routes.ts'
import { checkVersion } from './versions.ts'
import { createWebhookSender, type WebhookDelivery, type WebhookTarget } from './webhooks.ts'

export { createClock, type SettableClock } from './clock.ts'
export { SANDBOX } from './seed.ts'
export { SANDBOX_WEBHOOK_PUBLIC_KEY } from './webhook-keys.ts'
export { SANDBOX_TURNSTILE, type TurnstileVerification } from './turnstile.ts'
export type { Faults } from './faults.ts'
export type { Settings } from './settings.ts'
export type { SandboxRequest } from './request-log.ts'
export type { WebhookDelivery, WebhookTarget } from './webhooks.ts'

/** Options of {@link createSandbox}. Every field is optional. */
export interface SandboxOptions {
  /**
   * The sandbox's clock; seed data and slots are relative to it, and `/_sandbox/clock` sets it. Share it with
   * the proxy under test to move the whole stack in time. Default: a clock running from `now`.
   */
  clock?: SettableClock
  /** The time a default clock runs with, epoch ms. Default `Date.now`. */
  now?: () => number
  /** The bearer token accepted; default `SANDBOX.token`. It belongs to `SANDBOX.locationId`. */
  token?: string
  /** Faults active from the start (and restored by nothing: `reset()` clears all faults). */
  faults?: Partial<Faults>
  /** Burst limit per location; default `{ max: 100, intervalMs: 10_000 }` as GHL. */
  burst?: BurstLimit
  /** Requests per location per UTC day; default 200 000 as GHL. */
  dailyLimit?: number
  /** Where signed Appointment* webhooks go; default none (nothing is sent). */
  webhook?: WebhookTarget
  /** Uniform random in [0, 1) for the fault rates; default `Math.random`. */
  random?: () => number
  /** How long a "timed out" request hangs if the client never aborts, ms; default 30 000. */
  hangMs?: number
  /** Request log entries kept (oldest dropped); default 10 000. */
  maxLogEntries?: number
  /**
   * How `GET /contacts/{contactId}/appointments` writes times: `iso` (default, with the location's offset) or
   * `spec` (the spec example's `2021-07-16 11:00:00`, a wall time of the location's zone). See settings.ts.
   */
  contactAppointmentTimes?: Settings['contactAppointmentTimes']
  /**
   * Whether the token holds `users.readonly`; false: `GET /users/{userId}` answers 401 as for a token without it.
   * Default true. See settings.ts.
   */
  usersReadonly?: boolean
  /** The Marketplace app the OAuth model serves (see oauth.ts); every field has a default. */
  oauth?: Pick<OAuthOptions, 'clientId' | 'clientSecret' | 'redirectUris' | 'accessTtlSeconds'>
}

/** An appointment as `appointments()` lists it: GHL's CalendarEventDTO. */
export type SandboxAppointmentView = ReturnType<typeof eventResponse>

/** A running sandbox. */
export interface Sandbox {
  /** The Hono app: serve it, or call `app.request()` in tests. */
  app: Hono<SandboxEnv>
  /** `app.fetch`, for msw handlers and servers. */
  fetch(request: Request): Promise<Response>
  /**
   * Back to the seed: state, request log, rate-limit counts, faults, webhook log, Turnstile record and OAuth grants
   * cleared; settings as created.
   */
  reset(): void
  /** The request log, oldest first. */
  requests(): SandboxRequest[]
  /** Booked appointments, by start time. */
  appointments(): SandboxAppointmentView[]
  /** The current faults. */
  faults(): Faults
  /** Changes some faults; the others keep their value. */
  setFaults(faults: Partial<Faults>): void
  /** The current settings. */
  settings(): Settings
  /** Changes some settings; the others keep their value. */
  setSettings(settings: Partial<Settings>): void
  /** Changes (or with `undefined` stops) webhook deliveries. */
  setWebhook(target: WebhookTarget | undefined): void
  /** Webhook deliveries so far. */
  webhookDeliveries(): WebhookDelivery[]
  /** Resolves when every webhook delivery started so far has finished. */
  settle(): Promise<void>
  /** The clock everything in the sandbox reads (also set through `/_sandbox/clock`). */
  clock: SettableClock
  /** The mutable state, for tests that need to arrange unusual data. */
  state(): SandboxState
  /** Ends pending waits (hanging "timeouts", latency), so a process can exit. */
  close(): void
  /** What the Turnstile double (`POST /turnstile/v0/siteverify`) verified, oldest first. */
  turnstileVerifications(): TurnstileVerification[]
}

/** Builds a sandbox. */
export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const clock = options.clock ?? createClock({ source: options.now })
  const now = clock.now
  const token = options.token ?? SANDBOX.token
  const newId = createIds()
  const timers = createTimers()
  const limiter = createRateLimiter({ burst: options.burst, dailyLimit: options.dailyLimit, now })
  let state = createSeed(now())
  const log = createRequestLog({ now, maxEntries: options.maxLogEntries ?? 10_000 })
  let faults: Faults = { ...NO_FAULTS, ...options.faults }
  const initialSettings: Settings = {
    ...DEFAULT_SETTINGS,
    ...(options.contactAppointmentTimes && { contactAppointmentTimes: options.contactAppointmentTimes }),
    ...(options.usersReadonly !== undefined && { usersReadonly: options.usersReadonly }),
  }
  let settings = { ...initialSettings }
  let webhookTarget = options.webhook
  const webhooks = createWebhookSender({
    target: () => webhookTarget,
    now,
    locationId: SANDBOX.locationId,
    timeZone: () => state.location.timezone,
    newId,
  })
  const oauth = createOAuth({ ...options.oauth, now, notify: webhooks.sendApp })
  const services: SandboxServices = {
    state: () => state,
    now,
    settings: () => settings,
    newId,
    notify: webhooks.send,
  }

  const authenticate: MiddlewareHandler<SandboxEnv> = async function authenticate(c, next) {
    const match = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')
    if (!match) throw new GhlHttpError(401, 'Invalid token: access token is invalid')
    // The PIT, or an OAuth location token: either way the routes hold the request to that one location.
    const grant = match[1] === token ? undefined : oauth.verify(match[1]!)
    if (match[1] !== token && !grant) return c.json(INVALID_JWT, 401)
    if (grant && !grant.locationId) throw new GhlHttpError(401, WRONG_AUTH_CLASS)
    const locationId = grant?.locationId ?? SANDBOX.locationId
    c.set('locationId', locationId)
    checkVersion(c.req.path, c.req.header('version'))
    const decision = limiter.take(locationId)
    for (const [name, value] of Object.entries(decision.headers)) c.header(name, value)
    if (!decision.allowed) throw new GhlHttpError(429, 'Too Many Requests')
    await next()
  }

  const turnstile = createTurnstileDouble({ now })
  const app = new Hono<SandboxEnv>()
  // Cloudflare's, not GHL's: before the request log, the token check and the faults.
  app.route('/turnstile', turnstile.app)
  app.use(log.middleware)
  app.route(
    '/_sandbox/oauth',
    oauthControlRoutes(() => oauth),
  )
  app.route(
    '/_sandbox',
    controlRoutes(() => sandbox, services),
  )
  app.route(
    '/',
    oauthRoutes(() => oauth),
  )
  app.use(authenticate)
  app.use(
    faultMiddleware({
      faults: () => faults,
      consumeBurst: () => (faults = { ...faults, rateLimitBurst: faults.rateLimitBurst - 1 }),
      limiter,
      timers,
      random: options.random ?? Math.random,
      hangMs: options.hangMs ?? 30_000,
    }),
  )
  app.route('/', calendarRoutes(services))
  app.route('/', appointmentRoutes(services))
  app.route('/', contactRoutes(services))
  app.route('/', userRoutes(services))
  app.notFound((c) =>
    c.json(
      {
        statusCode: 404,
        message: `Cannot ${c.req.method} ${c.req.path}`,
        error: 'Not Found',
        traceId: traceId(),
      },
      404,
    ),
  )
  app.onError((error, c) => {
    if (error instanceof GhlHttpError) return sendGhlError(c, error)
    // A bug in the sandbox, not an injected fault: say so, or a test would blame the client.
    console.error('GHL sandbox: unexpected error', error)
    return sendGhlError(c, new GhlHttpError(500, 'Internal server error'))
  })

  const sandbox: Sandbox = {
    app,
    fetch: (request) => Promise.resolve(app.fetch(request)),
    reset() {
      timers.clear()
      state = createSeed(now())
      log.clear()
      faults = { ...NO_FAULTS }
      settings = { ...initialSettings }
      limiter.reset()
      webhooks.reset()
      turnstile.reset()
      oauth.reset()
    },
    requests: log.entries,
    appointments: () =>
      [...state.appointments.values()]
        .sort((a, b) => a.startMs - b.startMs)
        .map((a) => eventResponse(a, state.location.timezone)),
    faults: () => ({ ...faults }),
    setFaults(patch) {
      faults = { ...faults, ...patch }
    },
    settings: () => ({ ...settings }),
    setSettings(patch) {
      settings = { ...settings, ...patch }
    },
    setWebhook(target) {
      webhookTarget = target
    },
    webhookDeliveries: webhooks.deliveries,
    settle: webhooks.settle,
    clock,
    state: () => state,
    close: timers.clear,
    turnstileVerifications: turnstile.verifications,
  }
  return sandbox
}
