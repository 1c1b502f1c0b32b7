/**
 * The GHL API v2 client: the only code that talks to GHL. Every call goes through the per-location throttle,
 * carries the resource's Version header and a timeout, and has its response validated. Reads retry on 429,
 * 5xx and network errors (after a 429 as long as GHL asks, otherwise with full-jitter backoff); creating an
 * appointment retries only where GHL certainly did not act on it.
 * The token is read per call and never put into a message, a log entry or an error.
 * Longer than most files here: the eleven calls share one request path (throttle, attempt, retry decision,
 * validation), and keeping that path in one place is what makes the retry rules easy to check.
 */
import * as v from 'valibot'
import { NO_METRICS, upstreamStatus, type Metrics } from '../metrics/metrics.ts'
import type { Clock } from '../types.ts'
import { isConnectionRefused, jitteredBackoff, rateLimitHint, type BackoffOptions } from './retry.ts'
import {
  GhlAddTagsResponse,
  GhlAppointmentResponse,
  GhlCalendarResponse,
  GhlContactAppointmentsResponse,
  GhlErrorBody,
  GhlEventResponse,
  GhlFreeSlotsResponse,
  GhlLocationResponse,
  GhlUpdateContactResponse,
  GhlUpsertContactResponse,
  GhlUserResponse,
  GhlPipelinesResponse,
  GhlSearchOpportunitiesResponse,
  GhlUpsertOpportunityResponse,
} from './schemas.ts'
import { createThrottle, type Throttle } from './throttle.ts'
import {
  GhlError,
  type GhlAppointment,
  type GhlCalendar,
  type GhlClient,
  type GhlEvent,
  type GhlOpportunity,
} from './types.ts'

/** The default API base: GHL's production API. */
export const GHL_API_BASE = 'https://services.leadconnectorhq.com'

/**
 * The `User-Agent` of every request: the project and its version, so GHL (and any gateway between) can tell this
 * proxy's traffic from the runtime's default agent. A constant rather than a read of package.json: this file runs
 * on every runtime Hono targets, without a file system; a test keeps it equal to package.json's version.
 */
export const USER_AGENT = 'ghl-booking/0.1.0'

const CALENDARS_VERSION = '2021-04-15'
const CONTACTS_VERSION = '2021-07-28'
const USERS_VERSION = '2021-07-28'
const OPPORTUNITIES_VERSION = '2021-07-28'

/** Options of {@link createGhlClient}. */
export interface GhlClientOptions {
  /**
   * The token of a location's site, or undefined when none is configured. Read on every call; a promise when it
   * comes from a store (Marketplace mode). It may throw an error to answer with (an app not installed).
   */
  tokenFor: (locationId: string) => string | undefined | Promise<string | undefined>
  /**
   * Called once when GHL answers 401 to `refused`: a new token for the location (Marketplace mode refreshes it), or
   * undefined when there is none. The attempt is then made once more with it; a second 401 is GHL's verdict.
   * Default none: a 401 is final.
   */
  renewToken?: (locationId: string, refused: string) => Promise<string | undefined>
  /** API base URL without a trailing slash. Default {@link GHL_API_BASE}; the sandbox in the demo and tests. */
  baseUrl?: string
  /** Default `globalThis.fetch`. */
  fetch?: typeof fetch
  /** The `User-Agent` header sent to GHL. Default {@link USER_AGENT}. */
  userAgent?: string
  /** Default `Date.now`. */
  clock?: Clock
  /** Waits between retries. Default a `setTimeout` promise. */
  sleep?: (ms: number) => Promise<void>
  /** Source of jitter in [0, 1). Default `Math.random`. */
  random?: () => number
  /** Timeout of one attempt in ms. Default 8 000. */
  timeoutMs?: number
  /** Overall deadline of a call, retries and waits included, in ms. Default 20 000. */
  deadlineMs?: number
  /** Retry backoff. Defaults: 500 ms base, 10 s cap, 4 attempts. */
  backoff?: BackoffOptions
  /** Per-location throttle. Default `createThrottle()` (90 requests per 10 s, queue of 200). */
  throttle?: Throttle
  /** Receives one entry per retry; never given the token. Default: nothing. */
  log?: (entry: Record<string, unknown>) => void
  /** Counts each attempt by call, status and duration. Default {@link NO_METRICS}. */
  metrics?: Metrics
}

/** `idempotent`: retry on 429, 5xx and network errors. `once`: retry only on 429 or a refused connection. */
type RetryPolicy = 'idempotent' | 'once'

interface Call<T> {
  locationId: string
  method: 'GET' | 'POST' | 'PUT'
  /** The path as logged and put in messages, e.g. `/calendars/{id}/free-slots`. */
  label: string
  path: string
  query?: Record<string, string>
  body?: unknown
  version: string
  schema: v.GenericSchema<unknown, T>
  policy: RetryPolicy
}

const isAbort = (error: unknown) =>
  error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')

/** Builds a client for GHL API v2 (or the sandbox). */
export function createGhlClient(options: GhlClientOptions): GhlClient {
  const baseUrl = (options.baseUrl ?? GHL_API_BASE).replace(/\/+$/, '')
  const fetchImpl = options.fetch ?? globalThis.fetch
  const userAgent = options.userAgent ?? USER_AGENT
  const clock = options.clock ?? Date.now
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const random = options.random ?? Math.random
  const timeoutMs = options.timeoutMs ?? 8_000
  const deadlineMs = options.deadlineMs ?? 20_000
  const baseMs = options.backoff?.baseMs ?? 500
  const maxMs = options.backoff?.maxMs ?? 10_000
  const maxAttempts = options.backoff?.maxAttempts ?? 4
  const throttle = options.throttle ?? createThrottle({ clock, sleep })
  const log = options.log ?? (() => {})
  const metrics = options.metrics ?? NO_METRICS

  async function parse<T>(call: Call<T>, response: Response): Promise<T> {
    let body: unknown
    try {
      body = await response.json()
    } catch (cause) {
      // The attempt timer fired while the body was arriving: a timeout, retried (or not) like any other.
      if (isAbort(cause)) throw cause
      throw new GhlError('malformed', `GHL ${call.method} ${call.label} answered with invalid JSON`, {
        cause,
      })
    }
    const result = v.safeParse(call.schema, body)
    if (result.success) return result.output
    const where = result.issues.map((i) => `${v.getDotPath(i) ?? '(root)'}: ${i.message}`).join('; ')
    throw new GhlError(
      'malformed',
      `GHL ${call.method} ${call.label} answered an unexpected shape (${where})`,
      {
        status: response.status,
      },
    )
  }

  async function rejected(call: Call<unknown>, response: Response): Promise<GhlError> {
    const body = await response.json().catch(() => undefined)
    const parsed = v.safeParse(GhlErrorBody, body)
    const upstreamMessage = parsed.success ? parsed.output.message : undefined
    const text = Array.isArray(upstreamMessage) ? upstreamMessage.join('; ') : upstreamMessage
    return new GhlError('rejected', text || `GHL ${call.method} ${call.label} answered ${response.status}`, {
      status: response.status,
      upstreamMessage,
    })
  }

  async function request<T>(call: Call<T>): Promise<T> {
    let token = await options.tokenFor(call.locationId)
    if (!token)
      throw new GhlError('unavailable', `No GHL token is configured for location ${call.locationId}`)
    const url = new URL(baseUrl + call.path)
    for (const [name, value] of Object.entries(call.query ?? {})) url.searchParams.set(name, value)
    const headers: Record<string, string> = {
      Authorization: `Bearer ${token}`,
      Version: call.version,
      Accept: 'application/json',
      'User-Agent': userAgent,
    }
    if (call.body !== undefined) headers['Content-Type'] = 'application/json'
    const body = call.body === undefined ? undefined : JSON.stringify(call.body)
    const deadline = clock() + deadlineMs
    const name = `${call.method} ${call.label}`
    let lastError = new GhlError('timeout', `GHL ${call.method} ${call.label} ran past its deadline`)
    let renewed = false

    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      // Checked before taking a slot too: a slot taken and not used is a request to GHL another call cannot make.
      if (deadline - clock() <= 0) break
      await throttle.acquire(call.locationId)
      const remaining = deadline - clock()
      if (remaining <= 0) break
      let waitMs: number | undefined
      let retryable: boolean
      let refused: GhlError | undefined
      // A timer of our own rather than AbortSignal.timeout: it covers reading the body and is cleared after.
      const started = clock()
      let answered = false
      const controller = new AbortController()
      const timer = setTimeout(
        () => controller.abort(new DOMException('GHL did not answer in time', 'TimeoutError')),
        Math.min(timeoutMs, remaining),
      )
      try {
        const response = await fetchImpl(url, {
          method: call.method,
          headers,
          body,
          signal: controller.signal,
        })
        answered = true
        metrics.upstream(name, upstreamStatus(response.status), (clock() - started) / 1000)
        if (response.ok) return await parse(call, response)
        // A refused token may have a successor (a refreshed OAuth token): asked once, below, outside this try.
        if (response.status === 401 && options.renewToken && !renewed)
          refused = await rejected(call, response)
        // Only a 429 or a 5xx may pass with time; any other answer is GHL's verdict on the request.
        else if (response.status !== 429 && response.status < 500) throw await rejected(call, response)
        // Drain rather than cancel: a cancelled body can hang under some fetch mocks; the attempt timer bounds it.
        await response.arrayBuffer().catch(() => undefined)
        if (refused) {
          retryable = false
        } else if (response.status === 429) {
          // Only a 429 is about the rate: GHL sends its limit headers on every answer, and the interval (10 s)
          // is no reason to hold a retry after a 5xx, which backs off with jitter from half a second instead.
          const hint = rateLimitHint(response.headers, clock())
          waitMs = hint.waitMs
          const retryAfter = hint.waitMs === undefined ? undefined : Math.ceil(hint.waitMs / 1000)
          const daily = hint.dailyExhausted ? ' (daily limit reached)' : ''
          lastError = new GhlError('rate_limited', `GHL ${call.method} ${call.label} answered 429${daily}`, {
            status: 429,
            retryAfter,
          })
          // GHL did not act on a 429, so even a create may retry; a spent daily quota will not come back soon.
          if (hint.dailyExhausted) throw lastError
          retryable = true
        } else {
          lastError = new GhlError(
            'unavailable',
            `GHL ${call.method} ${call.label} answered ${response.status}`,
            {
              status: response.status,
            },
          )
          retryable = call.policy === 'idempotent'
        }
      } catch (error) {
        if (error instanceof GhlError) throw error
        const timedOut = isAbort(error)
        if (!answered) metrics.upstream(name, timedOut ? 'timeout' : 'network', (clock() - started) / 1000)
        lastError = new GhlError(
          timedOut ? 'timeout' : 'unavailable',
          `GHL ${call.method} ${call.label} ${timedOut ? 'timed out' : 'could not be reached'}`,
          { cause: error },
        )
        // A create that timed out may have happened; only a refused connection proves it did not.
        retryable = call.policy === 'idempotent' || (!timedOut && isConnectionRefused(error))
      } finally {
        clearTimeout(timer)
      }
      if (refused) {
        renewed = true
        const next = await options.renewToken!(call.locationId, token)
        if (!next || next === token) throw refused
        // The same attempt again with the new token: GHL did not act on a 401, so even a create may.
        token = next
        headers.Authorization = `Bearer ${token}`
        attempt--
        continue
      }
      if (!retryable || attempt + 1 >= maxAttempts) break
      const wait = waitMs ?? jitteredBackoff(attempt, random, baseMs, maxMs)
      if (wait > maxMs || clock() + wait >= deadline) break
      log({
        msg: 'ghl_retry',
        method: call.method,
        path: call.label,
        attempt: attempt + 1,
        waitMs: wait,
        error: lastError.message,
      })
      await sleep(wait)
    }
    throw lastError
  }

  return {
    async getLocationTimeZone(locationId) {
      const out = await request({
        locationId,
        method: 'GET',
        label: '/locations/{id}',
        path: `/locations/${encodeURIComponent(locationId)}`,
        version: CONTACTS_VERSION,
        schema: GhlLocationResponse,
        policy: 'idempotent',
      })
      return out.location.timezone
    },

    async getCalendar(locationId, calendarId) {
      const { calendar } = await request({
        locationId,
        method: 'GET',
        label: '/calendars/{id}',
        path: `/calendars/${encodeURIComponent(calendarId)}`,
        version: CALENDARS_VERSION,
        schema: GhlCalendarResponse,
        policy: 'idempotent',
      })
      // Drop GHL's nulls so the result matches GhlCalendar's optional fields.
      return dropNulls<GhlCalendar>(calendar)
    },

    getFreeSlots(locationId, query) {
      return request({
        locationId,
        method: 'GET',
        label: '/calendars/{id}/free-slots',
        path: `/calendars/${encodeURIComponent(query.calendarId)}/free-slots`,
        query: {
          startDate: String(query.startMs),
          endDate: String(query.endMs),
          timezone: query.timeZone,
          ...(query.userId && { userId: query.userId }),
        },
        version: CALENDARS_VERSION,
        schema: GhlFreeSlotsResponse,
        policy: 'idempotent',
      })
    },

    async upsertContact(input) {
      const out = await request({
        locationId: input.locationId,
        method: 'POST',
        label: '/contacts/upsert',
        path: '/contacts/upsert',
        body: input,
        version: CONTACTS_VERSION,
        schema: GhlUpsertContactResponse,
        // Upserting the same contact twice converges on one contact, so it retries like a read.
        policy: 'idempotent',
      })
      return { id: out.contact.id, isNew: out.new }
    },

    async addContactTags(locationId, contactId, tags) {
      const out = await request({
        locationId,
        method: 'POST',
        label: '/contacts/{id}/tags',
        path: `/contacts/${encodeURIComponent(contactId)}/tags`,
        body: { tags },
        version: CONTACTS_VERSION,
        schema: GhlAddTagsResponse,
        // Adding tags twice is harmless, but a booking waits for this call and goes on without it: no 5xx retries.
        policy: 'once',
      })
      return out.tags
    },

    async createAppointment(input) {
      const out = await request({
        locationId: input.locationId,
        method: 'POST',
        label: '/calendars/events/appointments',
        path: '/calendars/events/appointments',
        body: input,
        version: CALENDARS_VERSION,
        schema: GhlAppointmentResponse,
        policy: 'once',
      })
      return dropNulls<GhlAppointment>(out)
    },

    async getContactAppointments(locationId, contactId) {
      const { events } = await request({
        locationId,
        method: 'GET',
        label: '/contacts/{id}/appointments',
        path: `/contacts/${encodeURIComponent(contactId)}/appointments`,
        version: CONTACTS_VERSION,
        schema: GhlContactAppointmentsResponse,
        policy: 'idempotent',
      })
      return events.map((event) =>
        dropNulls<GhlAppointment>({
          ...event,
          calendarId: event.calendarId ?? '',
          locationId: event.locationId ?? locationId,
          contactId: event.contactId ?? contactId,
        }),
      )
    },

    getUser(locationId, userId) {
      return request({
        locationId,
        method: 'GET',
        label: '/users/{id}',
        path: `/users/${encodeURIComponent(userId)}`,
        version: USERS_VERSION,
        schema: GhlUserResponse,
        // A name only decorates the header, which goes on without it: a 5xx is not worth three more calls.
        policy: 'once',
      })
    },

    async getAppointment(locationId, eventId) {
      const { event } = await request({
        locationId,
        method: 'GET',
        label: '/calendars/events/appointments/{id}',
        path: `/calendars/events/appointments/${encodeURIComponent(eventId)}`,
        version: CALENDARS_VERSION,
        schema: GhlEventResponse,
        policy: 'idempotent',
      })
      return dropNulls<GhlEvent>({ ...event, locationId: event.locationId ?? locationId })
    },

    async updateAppointment(locationId, eventId, input) {
      const out = await request({
        locationId,
        method: 'PUT',
        label: '/calendars/events/appointments/{id}',
        path: `/calendars/events/appointments/${encodeURIComponent(eventId)}`,
        body: input,
        version: CALENDARS_VERSION,
        schema: GhlAppointmentResponse,
        // The same change twice lands in one place, but whether a failed one landed is learnt by reading the
        // appointment back, which the caller does: no blind retries after a timeout or 5xx.
        policy: 'once',
      })
      return dropNulls<GhlAppointment>(out)
    },

    async setContactFields(locationId, contactId, fields) {
      await request({
        locationId,
        method: 'PUT',
        label: '/contacts/{id}',
        path: `/contacts/${encodeURIComponent(contactId)}`,
        body: { customFields: fields },
        version: CONTACTS_VERSION,
        schema: GhlUpdateContactResponse,
        // A request waits for this call and goes on without it, as with tags: no 5xx retries.
        policy: 'once',
      })
    },

    async getPipelines(locationId) {
      const { pipelines } = await request({
        locationId,
        method: 'GET',
        label: '/opportunities/pipelines',
        path: '/opportunities/pipelines',
        query: { locationId },
        version: OPPORTUNITIES_VERSION,
        schema: GhlPipelinesResponse,
        policy: 'idempotent',
      })
      return pipelines
    },

    async findOpenOpportunities(locationId, pipelineId, contactId) {
      const { opportunities } = await request({
        locationId,
        method: 'GET',
        label: '/opportunities/search',
        path: '/opportunities/search',
        query: { location_id: locationId, pipeline_id: pipelineId, contact_id: contactId, status: 'open' },
        version: OPPORTUNITIES_VERSION,
        schema: GhlSearchOpportunitiesResponse,
        // Asked only by the background opportunity job, which retries on its own schedule: retries here too would
        // multiply with its own and fill the location's throttle queue, which visitors share.
        policy: 'once',
      })
      return opportunities.map((o) => dropNulls<GhlOpportunity>(o))
    },

    async upsertOpportunity(input) {
      const out = await request({
        locationId: input.locationId,
        method: 'POST',
        label: '/opportunities/upsert',
        path: '/opportunities/upsert',
        body: { ...input, followers: [], isRemoveAllFollowers: false, followersActionType: 'add' },
        version: OPPORTUNITIES_VERSION,
        schema: GhlUpsertOpportunityResponse,
        // The same upsert twice converges on one opportunity (keyed by id, else contact and pipeline), but the
        // background job that calls it retries on its own schedule (see findOpenOpportunities): only 429s here.
        policy: 'once',
      })
      return { opportunity: dropNulls<GhlOpportunity>(out.opportunity), created: out.new }
    },
  }
}

/** GHL sends null for absent fields; the proxy's GHL types model them as absent. */
function dropNulls<T>(record: object): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value != null)) as T
}
