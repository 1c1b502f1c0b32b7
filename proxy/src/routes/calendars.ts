/**
 * `GET /v1/sites/:site/calendars/:calendarId` and `.../slots`, a sub-app mounted at `/v1/sites/:site/calendars`
 * behind the site gate, so `site` is set; a calendar the site does not list is refused here, before any cache or
 * GHL call.
 */
import { Hono, type Context } from 'hono'
import * as v from 'valibot'
import { SlotsQuery, SlotsShape, toIssues, type CalendarInfo } from '../../../contract/schemas.ts'
import { createBoundedMemo } from '../cache/bounded-memo.ts'
import { objectBytes, stringBytes } from '../cache/sizes.ts'
import { ProxyError } from '../errors.ts'
import { calendarNotListed } from '../refusals.ts'
import { answerHeaders, respond } from '../middleware/response-headers.ts'
import type { Site } from '../config/sites.ts'
import type { AppEnv, CalendarService, ReadContext, SlotReplies, SlotsReply, WaitUntil } from '../types.ts'
import { matchesEtag } from './etag.ts'
import { readDeadline } from './read-deadline.ts'

/** What the calendar routes need. */
export interface CalendarRoutesDeps {
  calendars: CalendarService
  slots: SlotReplies
  /**
   * Where a request's loads that may outlive its answer go (see {@link ReadContext}). Default nowhere: the
   * process keeps them running.
   */
  waitUntil?: (c: Context) => WaitUntil | undefined
  /**
   * `Cache-Control` max-age of fresh slots for browsers, in seconds. Default 0: browsers revalidate every time
   * (a cheap 304 from the proxy's cache), so a visitor who just booked never sees the slot again on reload.
   */
  slotsMaxAge?: number
  /** `Cache-Control` max-age of calendar details, in seconds. Default 300. */
  calendarMaxAge?: number
  /**
   * Longest a read waits for GHL when the caches hold nothing to answer with, in ms; then 504
   * `upstream_unavailable` with `Retry-After` (see read-deadline.ts). Default 5 000.
   */
  readTimeoutMs?: number
}

/**
 * The validated slots query of a request. Valid queries are remembered by their raw query string: the schema
 * checks only the query itself, never the clock, so a string once valid stays valid. The strings in use are few
 * (widgets ask for the months around today), so a megabyte of them is plenty.
 */
function slotsQueryParser() {
  const known = createBoundedMemo<SlotsQuery>({
    maxBytes: 1024 * 1024,
    // The key, the query object and its three strings, and the map's own entry.
    sizeOf: (search, query) =>
      stringBytes(search) + objectBytes(3) + 2 * stringBytes(query.from) + stringBytes(query.timeZone) + 48,
  })
  return function parseSlotsQuery(c: Context<AppEnv>): SlotsQuery {
    const url = c.req.url
    const at = url.indexOf('?')
    const search = at < 0 ? '' : url.slice(at)
    const held = known.get(search)
    if (held) return held
    const parsed = v.safeParse(SlotsQuery, c.req.query())
    if (!parsed.success) {
      throw new ProxyError(400, 'invalid_request', 'The slots query is not valid.', {
        issues: toIssues(parsed.issues),
      })
    }
    // Only the schema's fields, so one query string always means the same normalized query.
    const query = { from: parsed.output.from, to: parsed.output.to, timeZone: parsed.output.timeZone }
    if (search.length <= 512) known.set(search, query)
    return query
  }
}

/** The answer's shape the request asks for (`?shape=compact`), or 400 for a shape there is not. */
function slotsShape(c: Context<AppEnv>): SlotsShape {
  const parsed = v.safeParse(SlotsShape, c.req.query('shape'))
  if (parsed.success) return parsed.output
  throw new ProxyError(400, 'invalid_request', 'The slots query is not valid.', {
    issues: toIssues(parsed.issues).map((issue) => ({ ...issue, path: 'shape' })),
  })
}

/** The listed calendar id of the request, or 404 `unknown_calendar`. */
function listedCalendar(site: Site, calendarId: string): string {
  if (!site.calendars.includes(calendarId)) throw calendarNotListed(site.id, calendarId)
  return calendarId
}

/** Builds the sub-app of `/:calendarId` and `/:calendarId/slots`; mount it at `/v1/sites/:site/calendars`. */
export function calendarRoutes(deps: CalendarRoutesDeps) {
  const slotsMaxAge = deps.slotsMaxAge ?? 0
  const calendarMaxAge = deps.calendarMaxAge ?? 300
  const freshSlotsCaching = slotsMaxAge > 0 ? `public, max-age=${slotsMaxAge}` : 'public, no-cache'
  const calendarCaching = `public, max-age=${calendarMaxAge}`
  const parseSlotsQuery = slotsQueryParser()
  const within = readDeadline({ ms: deps.readTimeoutMs })
  const contextOf = (c: Context): ReadContext => ({ waitUntil: deps.waitUntil?.(c) })

  function answerSlots(c: Context<AppEnv>, reply: SlotsReply, shape: SlotsShape): Response {
    const { json, etag } = shape === 'compact' ? reply.body.compact : reply.body
    const headers = answerHeaders(c)
    // Stale slots stand in while GHL fails: tell the browser not to keep them.
    headers['Cache-Control'] = reply.stale ? 'no-cache' : freshSlotsCaching
    if (reply.stale) headers['X-Slots-Stale'] = '1'
    headers['ETag'] = etag
    if (matchesEtag(c.req.header('If-None-Match'), etag)) return respond(c, null, 304)
    headers['Content-Type'] = 'application/json'
    return respond(c, json, 200)
  }

  return new Hono<AppEnv>()
    .get('/:calendarId', async function readCalendar(c) {
      const calendarId = listedCalendar(c.get('site'), c.req.param('calendarId'))
      const { info } = await within(deps.calendars.get(c.get('site'), calendarId, contextOf(c)))
      const headers = answerHeaders(c)
      headers['Cache-Control'] = calendarCaching
      headers['Content-Type'] = 'application/json'
      return respond(c, JSON.stringify(info satisfies CalendarInfo), 200)
    })
    .get('/:calendarId/slots', async function readSlots(c) {
      const calendarId = listedCalendar(c.get('site'), c.req.param('calendarId'))
      const query = parseSlotsQuery(c)
      const shape = slotsShape(c)
      const site = c.get('site')
      // Most reads are answered from memory, and then arm no read deadline.
      const held = deps.slots.peek?.(site, calendarId, query)
      return answerSlots(
        c,
        held ?? (await within(deps.slots.reply(site, calendarId, query, contextOf(c)))),
        shape,
      )
    })
}
