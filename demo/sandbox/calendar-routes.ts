/** `GET /calendars/`, `GET /calendars/{calendarId}` and `GET /calendars/{calendarId}/free-slots`. */
import { Hono, type Handler } from 'hono'
import { findCalendar } from './appointments.ts'
import { GhlHttpError, traceId } from './ghl-error.ts'
import { calendarResponse } from './present.ts'
import type { SandboxEnv, SandboxServices } from './sandbox-env.ts'
import { freeSlotStarts, groupByDate } from './slots.ts'
import { isTimeZone } from './zoned-time.ts'

/** GHL refuses a free-slots range longer than this. */
export const MAX_FREE_SLOTS_RANGE_MS = 31 * 86_400_000

/** Reads an epoch-millisecond query parameter, or GHL's 400. */
function epochParam(value: string | undefined, name: string): number {
  if (value === undefined || value === '') throw new GhlHttpError(400, `${name} is required`)
  const ms = Number(value)
  if (!Number.isFinite(ms))
    throw new GhlHttpError(400, `${name} must be a number conforming to the specified constraints`)
  return ms
}

/** The calendar routes, mounted at the root of the sandbox's API. */
export function calendarRoutes(services: SandboxServices): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>()

  const listCalendars: Handler<SandboxEnv> = (c) => {
    const locationId = c.req.query('locationId')
    if (!locationId) throw new GhlHttpError(400, 'locationId should not be empty')
    if (locationId !== c.get('locationId')) {
      throw new GhlHttpError(403, 'The token does not have access to this location')
    }
    const groupId = c.req.query('groupId')
    const showDrafted = c.req.query('showDrafted') !== 'false'
    const calendars = [...services.state().calendars.values()].filter(
      (cal) =>
        cal.locationId === locationId &&
        (showDrafted || cal.isActive) &&
        (!groupId || cal.groupId === groupId),
    )
    return c.json({ calendars: calendars.map(calendarResponse), traceId: traceId() })
  }
  // GHL's path has a trailing slash; clients often drop it, and GHL answers both.
  app.get('/calendars/', listCalendars)
  app.get('/calendars', listCalendars)

  app.get('/calendars/:calendarId', (c) => {
    const calendar = findCalendar(services, c.req.param('calendarId'), c.get('locationId')!)
    return c.json({ calendar: calendarResponse(calendar), traceId: traceId() })
  })

  app.get('/calendars/:calendarId/free-slots', (c) => {
    const calendar = findCalendar(services, c.req.param('calendarId'), c.get('locationId')!)
    const startDate = epochParam(c.req.query('startDate'), 'startDate')
    const endDate = epochParam(c.req.query('endDate'), 'endDate')
    if (endDate < startDate) throw new GhlHttpError(400, 'endDate must be after startDate')
    if (endDate - startDate > MAX_FREE_SLOTS_RANGE_MS) {
      throw new GhlHttpError(400, 'Date range cannot be more than 31 days')
    }
    const state = services.state()
    const timeZone = c.req.query('timezone') || state.location.timezone
    if (!isTimeZone(timeZone)) throw new GhlHttpError(400, `Invalid timezone: ${timeZone}`)
    // `userId`, or `userIds` repeated or as `userIds[]` (the spec leaves its form open): only those members' slots.
    const userIds = [
      c.req.query('userId') ?? [],
      c.req.queries('userIds') ?? [],
      c.req.queries('userIds[]') ?? [],
    ]
      .flat()
      .filter(Boolean)
    const starts = freeSlotStarts(calendar, startDate, endDate, {
      appointments: state.appointments.values(),
      locationTimeZone: state.location.timezone,
      now: services.now(),
      ...(userIds.length > 0 && { userIds }),
    })
    return c.json({ ...groupByDate(starts, timeZone), traceId: traceId() })
  })

  return app
}
