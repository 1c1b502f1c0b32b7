/**
 * `POST /v1/webhooks/ghl`: GHL tells the proxy that appointments changed inside GHL, so the cached free slots of
 * that calendar are dropped. Only a delivery that is signed, fresh and new changes anything.
 */
import type { Metrics } from '../metrics/metrics.ts'
import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import * as v from 'valibot'
import { toIssues } from '../../../contract/schemas.ts'
import { ProxyError, sendError } from '../errors.ts'
import type { CalendarService, Clock, SlotService } from '../types.ts'
import { describeError, type Logger } from '../logger.ts'
import { createMemoryRateLimitStore, type RateLimitStore } from '../stores/rate-limit.ts'
import { webhookLimit, type WebhookLimitOptions } from './webhook-limit.ts'
import {
  AppointmentWebhook,
  AppWebhook,
  isAppEvent,
  isAppointmentEvent,
  WebhookEnvelope,
} from '../services/webhooks/payload.ts'
import type { Accounts } from '../oauth/accounts.ts'
import { createMemoryReplayGuard, type ReplayGuard } from '../stores/replay.ts'
import { GHL_WEBHOOK_PUBLIC_KEY, importWebhookKey, verifySignature } from '../services/webhooks/signature.ts'

/** The header that carries the Ed25519 signature. */
export const SIGNATURE_HEADER = 'x-ghl-signature'

/** What the webhook route needs. */
export interface WebhookDeps {
  /** The slot cache whose calendars are invalidated. */
  slots: SlotService
  /** Milliseconds since the epoch; judges the delivery's `timestamp`. */
  clock: Clock
  /**
   * The Ed25519 public key that verifies `x-ghl-signature`: PEM, or the raw key in base64 or hex.
   * Default GHL's published key; the sandbox's test key when the proxy talks to the sandbox.
   */
  publicKey?: string
  /** Remembers webhook ids. Default an in-memory guard on `clock`. */
  replay?: ReplayGuard
  /** How far a delivery's `timestamp` may be from now, either way, in ms. Default 5 minutes. */
  maxSkewMs?: number
  /** Largest accepted body in bytes. Default 64 KiB. */
  maxBodyBytes?: number
  /** Structured log lines; default none. */
  log?: Logger
  /** Counts deliveries for the rate limits. Default one in memory on `clock`. */
  rateLimitStore?: RateLimitStore
  /** The sender's IP address (runtime-specific). Default unknown: only the overall limit applies. */
  clientIp?: (c: Context) => string | undefined
  /** IPv6 senders are counted per network of this many leading bits. Default 64. */
  ipv6Prefix?: number
  /** Deliveries per sender address and over all senders. Default 600 and 1 200 a minute (see limit.ts). */
  limits?: WebhookLimitOptions['limits']
  /** Counts deliveries refused by the limits. Default none. */
  metrics?: Metrics
  /**
   * Marketplace mode: `INSTALL` and `UNINSTALL` deliveries of the app `appId` change the token store; another app's
   * are ignored. Default none: they are received and change nothing.
   */
  marketplace?: {
    accounts: Accounts
    appId: string
    /**
     * The calendars of the sites a location's Marketplace tokens serve: an uninstall drops what is cached of them, so
     * the sites say `not_connected` at once rather than serve cached slots for an hour. Default none.
     */
    calendarsOf?: (locationId: string) => readonly string[]
  }
  /** Calendar details, forgotten with the slots of an uninstalled location. Default none. */
  calendars?: CalendarService
}

const unauthorized = (message: string) => new ProxyError(401, 'invalid_request', message)

/** Builds the sub-app whose `POST /` receives GHL webhooks. */
export function webhookRoutes(deps: WebhookDeps) {
  const { slots, clock, maxSkewMs = 300_000, maxBodyBytes = 64 * 1024, log = () => {} } = deps
  const replay = deps.replay ?? createMemoryReplayGuard({ clock })
  const key = importWebhookKey(deps.publicKey ?? GHL_WEBHOOK_PUBLIC_KEY)
  // A bad key fails every delivery with 500 (logged below), never an unhandled rejection at start.
  key.catch(() => {})

  /** An install or uninstall of the Marketplace app, unless it is another app's. */
  async function appEvent(event: AppWebhook, timestamp: number) {
    const { accounts, appId } = deps.marketplace!
    if (event.appId !== appId) {
      log({ level: 'info', msg: 'webhook.other_app', type: event.type })
      return
    }
    const account = event.locationId ? { locationId: event.locationId } : { companyId: event.companyId! }
    if (event.type === 'INSTALL') {
      await accounts.installed(account)
      log({ level: 'info', msg: 'oauth.install_received', ...account })
      return
    }
    const gone = await accounts.uninstall(account, timestamp)
    for (const key of gone) {
      if (!key.startsWith('location:')) continue
      const locationId = key.slice('location:'.length)
      const calendarIds = deps.marketplace!.calendarsOf?.(locationId) ?? []
      deps.calendars?.forget?.(locationId, calendarIds)
      for (const calendarId of calendarIds) await slots.invalidate(calendarId)
    }
    log({
      level: 'warn',
      msg: 'oauth.uninstalled',
      ...account,
      grants: gone.length,
      effect:
        "the account's sites answer not_connected until the app is installed again (GET /oauth/install)",
    })
  }

  const app = new Hono()
  app.post(
    '/',
    // Before the body is read and the signature verified: a refused delivery costs a counter, not a verification.
    webhookLimit({
      store: deps.rateLimitStore ?? createMemoryRateLimitStore({ clock }),
      clientIp: deps.clientIp ?? (() => undefined),
      ipv6Prefix: deps.ipv6Prefix,
      limits: deps.limits,
      clock,
      metrics: deps.metrics,
    }),
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: (c) => sendError(c, new ProxyError(413, 'payload_too_large', 'The webhook body is too large')),
    }),
    async function receiveWebhook(c) {
      try {
        const signature = c.req.header(SIGNATURE_HEADER)
        if (!signature) throw unauthorized(`The ${SIGNATURE_HEADER} header is missing`)
        // The signature covers the bytes as sent: verify before parsing, never over re-serialised JSON.
        const raw = await c.req.arrayBuffer()
        let verifyKey: CryptoKey
        try {
          verifyKey = await key
        } catch (error) {
          log({ level: 'error', msg: 'webhook.bad_public_key', ...describeError(error) })
          throw new ProxyError(500, 'internal', 'Webhook verification is not configured')
        }
        if (!(await verifySignature(verifyKey, raw, signature)))
          throw unauthorized('Invalid webhook signature')

        let json: unknown
        try {
          json = JSON.parse(new TextDecoder().decode(raw))
        } catch {
          throw new ProxyError(400, 'invalid_request', 'Expected a JSON body')
        }
        const envelope = v.safeParse(WebhookEnvelope, json)
        if (!envelope.success) throw malformed(envelope.issues)
        const { type, timestamp, webhookId } = envelope.output
        let calendarId: string | undefined
        let app: AppWebhook | undefined
        if (isAppointmentEvent(type)) {
          const appointment = v.safeParse(AppointmentWebhook, json)
          if (!appointment.success) throw malformed(appointment.issues)
          calendarId = appointment.output.appointment.calendarId
        } else if (isAppEvent(type) && deps.marketplace) {
          const event = v.safeParse(AppWebhook, json)
          if (!event.success) throw malformed(event.issues)
          app = event.output
        }
        if (Math.abs(clock() - timestamp) > maxSkewMs) {
          throw unauthorized('The webhook timestamp is outside the accepted window')
        }
        // Remembered only now, so a malformed or stale delivery cannot burn the id of a genuine one.
        if (!(await replay.firstSeen(webhookId))) {
          throw new ProxyError(409, 'invalid_request', 'This webhook was already received')
        }

        if (calendarId) await slots.invalidate(calendarId)
        if (app) await appEvent(app, timestamp)
        log({ level: 'info', msg: 'webhook.received', type, ...(calendarId && { calendarId }) })
        return c.json({ received: true, invalidated: calendarId ?? null })
      } catch (error) {
        const proxyError =
          error instanceof ProxyError
            ? error
            : new ProxyError(500, 'internal', 'The webhook could not be handled')
        if (proxyError.status >= 500) log({ level: 'error', msg: 'webhook.failed', ...describeError(error) })
        else
          log({
            level: 'warn',
            msg: 'webhook.refused',
            status: proxyError.status,
            reason: proxyError.message,
          })
        return sendError(c, proxyError)
      }
    },
  )
  return app
}

function malformed(issues: readonly v.BaseIssue<unknown>[]): ProxyError {
  return new ProxyError(400, 'invalid_request', 'The webhook payload is malformed', {
    issues: toIssues(issues),
  })
}
