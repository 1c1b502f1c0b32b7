/**
 * A booking's link, under the bookings sub-app (so behind the site gate, its origins and its rate limits):
 *
 * - `GET /:token`: the booking as GHL holds it now, and what the visitor may do (`ManagedBooking`);
 * - `POST /:token/reschedule` with `{ start, timeZone }` and an `Idempotency-Key`: moves it to a free slot;
 * - `POST /:token/cancel` with `{ reason? }` and an `Idempotency-Key`: cancels it, keeping it in GHL's history.
 *
 * The token is checked before anything else, and before any GHL call: a cut, altered, expired or other site's
 * token costs one HMAC. Without `MANAGE_SECRET` (no `tokens`) every such path is a 404 that says so. Answers carry
 * a token, a bearer credential: never cached (`Cache-Control: no-store`).
 */
import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import * as v from 'valibot'
import { CancelRequest, ManageToken, RescheduleRequest } from '../../../contract/manage.ts'
import { IdempotencyKey, toIssues, type ErrorCode, type Issue } from '../../../contract/schemas.ts'
import { ProxyError, sendError } from '../errors.ts'
import type { Logger } from '../logger.ts'
import { toProxyError } from '../services/bookings/upstream.ts'
import { IDEMPOTENCY_HEADER } from '../services/bookings/validate.ts'
import type { ManageService } from '../services/manage/changes.ts'
import { linkInvalid, type ManageClaims, type ManageTokens } from '../services/manage/token.ts'
import type { IdempotencyStore } from '../stores/idempotency.ts'
import type { AppEnv, Clock, WaitUntil } from '../types.ts'
import { createOnce, digest, reply } from './idempotent.ts'

/** What the manage routes need. */
export interface ManageDeps {
  /** Checks the tokens; undefined when `MANAGE_SECRET` is unset (then every path answers 404). */
  tokens?: ManageTokens
  /** The changes; needed with `tokens`. */
  service?: ManageService
  /** Where answers are kept per `Idempotency-Key` (scoped by site and by `manage:` here). */
  idempotency: IdempotencyStore
  clock: Clock
  /** Default none. */
  log?: Logger
  /** Largest accepted body in bytes; a larger one gets 413. Default 4 KiB. */
  maxBodyBytes?: number
  /** See `createOnce`. Defaults 20 000 ms, 100 ms, `setTimeout`. */
  waitMs?: number
  pollMs?: number
  sleep?: (ms: number) => Promise<void>
  /** Where a change's background work goes (the opportunity after a cancel). Default none: the process keeps it. */
  waitUntil?: (c: Context) => WaitUntil | undefined
}

/** Answers that are final for their key: a refusal stands for the same request; an upstream fault may pass. */
const FINAL_CODES = new Set<ErrorCode>([
  'slot_taken',
  'upstream_rejected',
  'not_found',
  'reschedule_not_allowed',
  'cancel_not_allowed',
  'change_too_late',
  'booking_cancelled',
  'booking_closed',
])

const off = () =>
  new ProxyError(
    404,
    'not_found',
    'Managing bookings through a link is off: the proxy was started without MANAGE_SECRET.',
  )

/** Builds the sub-app; mount it on the bookings sub-app (`/v1/sites/:site/bookings`). */
export function manageRoutes(deps: ManageDeps) {
  const { tokens, service, idempotency, clock, log, maxBodyBytes = 4 * 1024 } = deps
  const once = createOnce({
    store: idempotency,
    clock,
    finalCodes: FINAL_CODES,
    reusedMessage: `This ${IDEMPOTENCY_HEADER} was already used for another change`,
    busyMessage: 'This change is still being processed; please retry',
    failureMsg: 'manage.failed',
    log,
    waitMs: deps.waitMs,
    pollMs: deps.pollMs,
    sleep: deps.sleep,
  })

  /** The token's claims, or the refusal: its message never repeats the token. */
  async function claimsOf(c: Context<AppEnv>): Promise<ManageClaims> {
    if (!tokens || !service) throw off()
    const token = c.req.param('token') ?? ''
    if (!v.is(ManageToken, token)) throw linkInvalid()
    return tokens.verify(c.get('site').id, token)
  }

  /** A change: token, then body and key (every issue at once), then once per key. */
  function change<S extends v.GenericSchema>(
    action: 'reschedule' | 'cancel',
    schema: S,
    run: (claims: ManageClaims, request: v.InferOutput<S>, c: Context<AppEnv>) => Promise<object>,
  ) {
    return async function manageChange(c: Context<AppEnv>) {
      c.header('Cache-Control', 'no-store')
      try {
        const claims = await claimsOf(c)
        // No body at all is an empty one (a cancel without a reason); anything else must be JSON.
        const text = await c.req.text()
        let body: unknown = {}
        try {
          if (text.trim()) body = JSON.parse(text)
        } catch {
          throw new ProxyError(400, 'invalid_request', 'Expected a JSON body')
        }
        const issues: Issue[] = []
        const header = c.req.header(IDEMPOTENCY_HEADER)
        const key = v.safeParse(IdempotencyKey, header ?? '')
        if (!key.success) {
          const message = header ? key.issues[0].message : `The ${IDEMPOTENCY_HEADER} header is required`
          issues.push({ path: IDEMPOTENCY_HEADER, message })
        }
        const parsed = v.safeParse(schema, body)
        if (!parsed.success) issues.push(...toIssues(parsed.issues))
        if (!key.success || !parsed.success) {
          throw new ProxyError(400, 'invalid_request', 'Some fields need attention', { issues })
        }
        const site = c.get('site')
        const print = await digest([action, claims.appointmentId, parsed.output])
        const { response, replayed } = await once(`${site.id}:manage:${key.output}`, print, async () => ({
          status: 200,
          body: await run(claims, parsed.output, c),
        }))
        return reply(c, response, replayed)
      } catch (error) {
        return sendError(c, toProxyError(error))
      }
    }
  }

  const limit = bodyLimit({
    maxSize: maxBodyBytes,
    onError: (c) => sendError(c, new ProxyError(413, 'payload_too_large', 'The request is too large')),
  })

  const app = new Hono<AppEnv>()
  app.get('/:token', async function showBooking(c) {
    c.header('Cache-Control', 'no-store')
    try {
      const claims = await claimsOf(c)
      return c.json(await service!.view(c.get('site'), claims))
    } catch (error) {
      return sendError(c, toProxyError(error))
    }
  })
  app.post(
    '/:token/reschedule',
    limit,
    change('reschedule', RescheduleRequest, (claims, request, c) =>
      service!.reschedule(c.get('site'), claims, request),
    ),
  )
  app.post(
    '/:token/cancel',
    limit,
    change('cancel', CancelRequest, (claims, request, c) =>
      service!.cancel(c.get('site'), claims, request, { waitUntil: deps.waitUntil?.(c) }),
    ),
  )
  return app
}
