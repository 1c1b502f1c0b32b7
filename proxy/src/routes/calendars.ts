/**
 * `GET /v1/sites/:site/calendars/:calendarId` and `.../slots`. Mounted behind the site gate, so `site` is set;
 * a calendar the site does not list is refused here, before any cache or GHL call.
 */
import { Hono, type Context } from 'hono'
import * as v from 'valibot'
import { SlotsQuery, toIssues, type CalendarInfo, type SlotsResponse } from '../contract.ts'
import { ProxyError } from '../errors.ts'
import type { AppEnv, CalendarService, SlotService } from '../types.ts'

/** What the calendar routes need. */
export interface CalendarRoutesDeps {
  calendars: CalendarService
  slots: SlotService
  /** `Cache-Control` max-age of fresh slots for browsers, in seconds. Default 30. */
  slotsMaxAge?: number
  /** `Cache-Control` max-age of calendar details, in seconds. Default 300. */
  calendarMaxAge?: number
}

/** The listed calendar id of the request, or 404 `unknown_calendar`. */
function listedCalendar(c: Context<AppEnv>): string {
  const calendarId = c.req.param('calendarId') ?? ''
  if (!c.get('site').calendars.includes(calendarId)) {
    throw new ProxyError(404, 'unknown_calendar', 'This calendar is not available on this site.')
  }
  return calendarId
}

/** The sub-app for `/v1/sites/:site/calendars`. */
export function calendarRoutes(deps: CalendarRoutesDeps) {
  const slotsMaxAge = deps.slotsMaxAge ?? 30
  const calendarMaxAge = deps.calendarMaxAge ?? 300

  return new Hono<AppEnv>()
    .get('/:calendarId', async (c) => {
      const calendarId = listedCalendar(c)
      const { info } = await deps.calendars.get(c.get('site'), calendarId)
      c.header('Cache-Control', `public, max-age=${calendarMaxAge}`)
      return c.json(info satisfies CalendarInfo)
    })
    .get('/:calendarId/slots', async (c) => {
      const calendarId = listedCalendar(c)
      const parsed = v.safeParse(SlotsQuery, c.req.query())
      if (!parsed.success) {
        throw new ProxyError(400, 'invalid_request', 'The slots query is not valid.', {
          issues: toIssues(parsed.issues),
        })
      }
      const query = parsed.output
      const { slots, stale } = await deps.slots.get(c.get('site'), calendarId, query)
      if (stale) {
        // Stale slots stand in while GHL fails: tell the browser not to keep them.
        c.header('X-Slots-Stale', '1')
        c.header('Cache-Control', 'no-cache')
      } else {
        c.header('Cache-Control', `public, max-age=${slotsMaxAge}`)
      }
      const body: SlotsResponse = {
        calendarId,
        timeZone: query.timeZone,
        from: query.from,
        to: query.to,
        slots,
        ...(stale && { stale: true }),
      }
      return c.json(body)
    })
}
