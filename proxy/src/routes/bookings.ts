/**
 * `POST /v1/sites/:site/bookings`: validates, then books once per `Idempotency-Key`, within the visitor's and the
 * e-mail address's booking quotas. Mounted behind the site middleware, which has set `c.get('site')` and checked
 * the origin and the rate limits.
 */
import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { ErrorCode } from '../../../contract/schemas.ts'
import { ProxyError, sendError } from '../errors.ts'
import { NO_METRICS, type BookingOutcome, type Metrics } from '../metrics/metrics.ts'
import type { GhlClient } from '../ghl/types.ts'
import type { IdempotencyStore } from '../stores/idempotency.ts'
import type { AppEnv, CalendarService, Clock, SlotService, WaitUntil } from '../types.ts'
import type { Opportunities } from '../services/opportunities/opportunities.ts'
import { createBooker, type Booked } from '../services/bookings/book.ts'
import type { AttributionFieldIds } from '../services/bookings/contact.ts'
import { createBookingQuotas, type Reservation, type ReserveQuotas } from '../services/bookings/quotas.ts'
import { createTurnstile, type Turnstile } from '../services/bookings/turnstile.ts'
import type { SlotCheck } from '../services/bookings/slot-check.ts'
import type { BookingLinks } from '../services/manage/links.ts'
import { describeError, type Logger } from '../logger.ts'
import { toProxyError } from '../services/bookings/upstream.ts'
import { fingerprint, IDEMPOTENCY_HEADER, validateBooking } from '../services/bookings/validate.ts'
import { createOnce, reply } from './idempotent.ts'
import type { Site } from '../config/sites.ts'

/** What the booking route needs. */
export interface BookingDeps {
  /** The GHL client (real, or pointed at the sandbox). */
  ghl: GhlClient
  /** Calendar details: the name for the title, the duration for the end. */
  calendars: CalendarService
  /** The slot cache: invalidated after every create attempt, read for alternatives on a taken slot. */
  slots: SlotService
  /** Where answers are kept per `Idempotency-Key` (scoped by site here). */
  idempotency: IdempotencyStore
  /** Milliseconds since the epoch; bounds how long a duplicate waits for the first request. */
  clock: Clock
  /** Structured log lines; default none. */
  log?: Logger
  /** Largest accepted body in bytes; a larger one gets 413 `payload_too_large`. Default 16 KiB. */
  maxBodyBytes?: number
  /** GHL custom field ids to store attribution in, per site. Default none (attribution goes to tags and description). */
  attributionFields?: (site: Site) => AttributionFieldIds | undefined
  /** Create attempts in all, see `createBooker`. Default 2. */
  createAttempts?: number
  /** How long a duplicate whose first request runs elsewhere (a shared store) waits for it, in ms. Default 20 000. */
  waitMs?: number
  /** How often such a duplicate looks at the store, in ms. Default 100. */
  pollMs?: number
  /** Waits `ms`; injected so tests need no real sleeps. Default `setTimeout`. */
  sleep?: (ms: number) => Promise<void>
  /** The visitor's IP address (runtime-specific), for the per-visitor quota. Default unknown (e-mail quota only). */
  clientIp?: (c: Context) => string | undefined
  /** The booking quotas per visitor and e-mail address. Default `createBookingQuotas()`, in this process's memory. */
  quotas?: ReserveQuotas
  /**
   * The Turnstile check of sites with `turnstile`. Default `createTurnstile()` without secrets: such a site's
   * bookings are refused (502) until it has one.
   */
  turnstile?: Turnstile
  /** Counts each booking request by outcome, and quota refusals. Default {@link NO_METRICS}. */
  metrics?: Metrics
  /** The check of starts, shared with the routes that move bookings. Default the booker's own. */
  check?: SlotCheck
  /** Adds the manage token and link to every booking answer. Default none (booking links are off). */
  links?: BookingLinks
  /** Puts the contact's opportunity in its pipeline stage after a booking, in the background. Default none. */
  opportunities?: Opportunities
  /** Where that background work goes (the runtime's `waitUntil`). Default none: the process keeps it running. */
  waitUntil?: (c: Context) => WaitUntil | undefined
}

/** Answers that are final for their key; anything else (an upstream fault) leaves the key free for a retry. */
const FINAL_CODES = new Set<ErrorCode>(['slot_taken', 'upstream_rejected'])

/** The outcome of a first request's answer; `booked` is what the booking flow returned, when it did. */
function outcomeOf(status: number, booked: Booked | undefined): BookingOutcome {
  if (booked) return booked.recovered ? 'recovered' : booked.created ? 'created' : 'existing'
  if (status === 409) return 'slot_taken'
  return status < 500 ? 'refused' : 'failed'
}

/** Builds the sub-app whose `POST /` books an appointment. */
export function bookingRoutes(deps: BookingDeps) {
  const { idempotency, clock, log = () => {}, maxBodyBytes = 16 * 1024 } = deps
  const book = createBooker(deps)
  const quotas = deps.quotas ?? createBookingQuotas()
  const clientIp = deps.clientIp ?? (() => undefined)
  const turnstile = deps.turnstile ?? createTurnstile({ log })
  const metrics = deps.metrics ?? NO_METRICS
  /** Records how a request ended; a 429 is a booking quota (the request limits answer before this route). */
  const record = (site: Site, status: number, outcome: BookingOutcome) => {
    metrics.booking(outcome)
    if (status === 429) metrics.rateLimited(site.id, 'booking_quota')
  }
  const once = createOnce({
    store: idempotency,
    clock,
    finalCodes: FINAL_CODES,
    reusedMessage: `This ${IDEMPOTENCY_HEADER} was already used for another booking`,
    busyMessage: 'This booking is still being processed; please retry',
    failureMsg: 'booking.failed',
    log,
    waitMs: deps.waitMs,
    pollMs: deps.pollMs,
    sleep: deps.sleep,
  })

  const app = new Hono<AppEnv>()
  app.post(
    '/',
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: (c) =>
        sendError(c, new ProxyError(413, 'payload_too_large', 'The booking request is too large')),
    }),
    async function createBooking(c) {
      const site = c.get('site')
      try {
        let body: unknown
        try {
          body = await c.req.json()
        } catch {
          throw new ProxyError(400, 'invalid_request', 'Expected a JSON body')
        }
        const { key, request } = validateBooking(site, c.req.header(IDEMPOTENCY_HEADER), body)
        turnstile.require(site, request.turnstileToken)
        const print = await fingerprint(request)
        const scoped = `${site.id}:${key}`
        const ip = clientIp(c)
        let booked: Booked | undefined
        const { response, replayed } = await once(scoped, print, async () => {
          // The challenge first: a bot's attempt costs no quota, no slot read and no GHL call.
          await turnstile.verify(site, { token: request.turnstileToken, remoteIp: ip, key: scoped })
          // The quotas are taken once the start is known to be free (a made-up start holds none of them, not even
          // for a moment), and kept only if an appointment was made.
          let reservation: Reservation | undefined
          const reserve = async () => (reservation = await quotas(site, { ip, email: request.contact.email }))
          let created = false
          try {
            booked = await book(site, request, scoped, reserve)
            created = booked.created
            return { status: 201, body: deps.links ? await deps.links.attach(site, booked) : booked.booking }
          } finally {
            if (reservation && !created) {
              await reservation.release().catch((error: unknown) => {
                log({
                  level: 'warn',
                  msg: 'booking.quota_release_failed',
                  site: site.id,
                  ...describeError(error),
                })
              })
            }
          }
        })
        record(site, response.status, replayed ? 'replayed' : outcomeOf(response.status, booked))
        // After the answer is settled and never in its way: a new appointment puts the contact in the pipeline.
        if (booked && !replayed && (booked.created || booked.recovered)) {
          const { calendarId, contact } = request
          deps.opportunities?.booked(
            site,
            { calendarId, contactId: booked.contactId, contact },
            deps.waitUntil?.(c),
          )
        }
        return reply(c, response, replayed)
      } catch (error) {
        const proxyError = toProxyError(error)
        record(site, proxyError.status, outcomeOf(proxyError.status, undefined))
        return sendError(c, proxyError)
      }
    },
  )
  return app
}
