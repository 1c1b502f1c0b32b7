/**
 * A tiny scriptable GHL for the proxy's unit and app tests: one location, open 09:00-12:00 every day, and a
 * log of every call. Tests replace answers per call with `respond`. The full stateful fake is demo/sandbox.
 */
import { localDate, startOfLocalDate, zoneOffsetMs } from '../../proxy/src/time/zoned.ts'

/** The fake's fixed identities. */
export const FAKE = {
  baseUrl: 'https://ghl.test',
  token: 'pit-test-secret-token-0123456789',
  locationId: 'loc-1',
  calendarId: 'cal-1',
  otherCalendarId: 'cal-2',
  timeZone: 'America/New_York',
  /** The instant the fake lives at unless given a clock: a Monday noon in New York. */
  now: Date.parse('2026-03-02T17:00:00Z'),
} as const

/** One request the fake saw. */
export interface FakeCall {
  method: string
  path: string
  query: URLSearchParams
  headers: Headers
  body?: unknown
  at: number
}

/** Options of {@link createFakeGhl}. */
export interface FakeGhlOptions {
  /** Stamps calls; default a clock standing still at `FAKE.now`. */
  clock?: () => number
}

/** Overrides the answer to a call; return undefined to give the default answer. */
export type Responder = (call: FakeCall) => Response | Promise<Response> | undefined

/** Builds the fake. `fetch` can be injected into the client directly or wrapped in an msw handler. */
export function createFakeGhl(options: FakeGhlOptions = {}) {
  const clock = options.clock ?? (() => FAKE.now)
  const calls: FakeCall[] = []
  let responder: Responder = () => undefined

  function freeSlots(startMs: number, endMs: number, zone: string): Record<string, unknown> {
    const body: Record<string, unknown> = { traceId: 'trace-1' }
    for (let day = localDate(startMs, zone); startOfLocalDate(day, zone) <= endMs;) {
      const midnight = startOfLocalDate(day, zone)
      const slots: string[] = []
      for (let minutes = 9 * 60; minutes < 12 * 60; minutes += 30) {
        const at = midnight + minutes * 60_000
        if (at < startMs || at > endMs) continue
        const offset = Math.round(zoneOffsetMs(at, zone) / 60_000)
        const sign = offset < 0 ? '-' : '+'
        const hh = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')
        const mm = String(Math.abs(offset) % 60).padStart(2, '0')
        const wall = new Date(at + offset * 60_000).toISOString().slice(11, 16)
        slots.push(`${day}T${wall}:00${sign}${hh}:${mm}`)
      }
      if (slots.length) body[day] = { slots }
      day = localDate(midnight + 36 * 3_600_000, zone)
    }
    return body
  }

  function defaultAnswer(call: FakeCall): Response {
    if (call.headers.get('authorization') !== `Bearer ${FAKE.token}`) {
      return Response.json({ statusCode: 401, message: 'Invalid token' }, { status: 401 })
    }
    const path = call.path
    if (path === `/locations/${FAKE.locationId}`) {
      return Response.json({ location: { id: FAKE.locationId, timezone: FAKE.timeZone } })
    }
    const calendar = /^\/calendars\/([^/]+)$/.exec(path)
    if (calendar) {
      return Response.json({
        calendar: {
          id: calendar[1],
          locationId: FAKE.locationId,
          name: 'Consultation',
          slotDuration: 30,
          slotDurationUnit: 'mins',
        },
      })
    }
    if (/^\/calendars\/[^/]+\/free-slots$/.test(path)) {
      const startMs = Number(call.query.get('startDate'))
      const endMs = Number(call.query.get('endDate'))
      if (endMs - startMs > 31 * 86_400_000) {
        return Response.json(
          { statusCode: 400, message: 'Date range cannot be more than 31 days' },
          { status: 400 },
        )
      }
      return Response.json(freeSlots(startMs, endMs, call.query.get('timezone') ?? FAKE.timeZone))
    }
    return Response.json({ statusCode: 404, message: 'Not Found' }, { status: 404 })
  }

  return {
    calls,
    /** Calls whose path matches. */
    callsTo: (pattern: RegExp) => calls.filter((call) => pattern.test(call.path)),
    /** Sets the override for the next calls. */
    respond(next: Responder) {
      responder = next
    },
    /** A `fetch` that answers as GHL would. */
    fetch: async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const request = new Request(input, init)
      const url = new URL(request.url)
      const text = request.method === 'GET' ? '' : await request.text()
      const call: FakeCall = {
        method: request.method,
        path: url.pathname,
        query: url.searchParams,
        headers: request.headers,
        body: text ? JSON.parse(text) : undefined,
        at: clock(),
      }
      calls.push(call)
      return (await responder(call)) ?? defaultAnswer(call)
    },
  }
}

/** The fake's type. */
export type FakeGhl = ReturnType<typeof createFakeGhl>
