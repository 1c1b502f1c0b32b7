/**
 * The proxy as the browser tests see it: msw handlers with happy-path defaults (msw examples style).
 * Tests override one route with `worker.use()`; `resetFixtures()` runs after each test.
 */
import { http, HttpResponse } from 'msw'
import type {
  Booking,
  BookingRequest,
  CalendarInfo,
  CompactSlotsResponse,
  Slot,
} from '../../contract/schemas.ts'
import { CATALOGS } from '../../contract/catalogs.ts'
import { slotEnd } from '../src/slot-shape.ts'
import { addDays, localDay, TEST_NOW, testTime, zonedTime } from './clock.ts'

/** The message catalogs the proxy serves at `/widget/locales/<lang>.json`: the repository's own files. */
export const catalogs: Record<string, unknown> = CATALOGS

/** The calendar every default response describes; `name` carries the calendar id so two widgets differ. */
export const calendarInfo = (id: string): CalendarInfo => ({
  id,
  name: `Intro call ${id}`,
  description: 'A short first call',
  durationMinutes: 30,
  timeZone: 'America/New_York',
  bookingWindow: { minNoticeMinutes: 60, maxDaysAhead: 90 },
  form: { phone: 'optional', notes: 'optional', consent: null },
})

const isWeekend = (day: string) => [0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay())

/** The first day with slots for a visitor in `timeZone`: the first weekday after today there. */
export function firstFreeDay(timeZone = 'UTC'): string {
  let day = addDays(localDay(testTime.now, timeZone), 1)
  while (isWeekend(day)) day = addDays(day, 1)
  return day
}

/** Each free day's slots, as wall times in the visitor's zone. */
export const SLOT_TIMES = [
  ['09:00', '09:30'],
  ['10:30', '11:00'],
  ['14:00', '14:30'],
] as const

/** Free slots on the weekdays after today in `timeZone`, written with the zone's offset as GHL writes them. */
export function slotsBetween(from: string, to: string, timeZone = 'UTC'): Slot[] {
  const slots: Slot[] = []
  const first = firstFreeDay(timeZone)
  for (let day = from < first ? first : from; day <= to; day = addDays(day, 1)) {
    if (isWeekend(day)) continue
    for (const [start, end] of SLOT_TIMES)
      slots.push({ start: zonedTime(day, start, timeZone), end: zonedTime(day, end, timeZone) })
  }
  return slots
}

/** Slots in the compact shape, by local day of `timeZone`, as the proxy answers `?shape=compact`. */
export function compactDays(slots: Slot[], timeZone: string, minutes = 30): CompactSlotsResponse['days'] {
  const days: CompactSlotsResponse['days'] = {}
  for (const { start, end } of slots)
    (days[localDay(Date.parse(start), timeZone)] ??= []).push(
      slotEnd(start, minutes) === end ? start : [start, end],
    )
  return days
}

/** What the fake proxy received, for assertions. */
export const received = {
  slotQueries: [] as URLSearchParams[],
  /** The calendar of each slot query, in order (a late query of an earlier test's widget names its own). */
  slotCalendars: [] as string[],
  /** The calendar of each calendar details request, in order. */
  calendars: [] as string[],
  /** Languages whose messages were fetched, in order. */
  locales: [] as string[],
  bookings: [] as { key: string | null; body: BookingRequest }[],
}

/** Clears what the handlers recorded. */
export function resetFixtures() {
  testTime.now = TEST_NOW
  received.slotQueries.length = 0
  received.slotCalendars.length = 0
  received.calendars.length = 0
  received.locales.length = 0
  received.bookings.length = 0
}

/** The booking the fake proxy answers for a request. */
export const bookingFor = (body: BookingRequest): Booking => ({
  id: 'appt-1',
  calendarId: body.calendarId,
  start: body.start,
  end: new Date(Date.parse(body.start) + 30 * 60_000).toISOString(),
  title: 'Intro call, Ada Lovelace',
  timeZone: body.timeZone,
})

/** Happy-path handlers. */
export const handlers = [
  http.get('*/widget/locales/:file', ({ params }) => {
    const lang = String(params.file).replace(/\.json$/, '')
    received.locales.push(lang)
    const catalog = catalogs[lang]
    return catalog
      ? HttpResponse.json(catalog)
      : HttpResponse.json(
          { error: { code: 'not_found', message: 'There is no such language.' } },
          { status: 404 },
        )
  }),
  http.get('*/v1/sites/:site/calendars/:calendarId/slots', ({ request, params }) => {
    const query = new URL(request.url).searchParams
    received.slotQueries.push(query)
    received.slotCalendars.push(String(params.calendarId))
    const from = query.get('from')!
    const to = query.get('to')!
    const timeZone = query.get('timeZone')!
    const slots = slotsBetween(from, to, timeZone)
    const calendarId = String(params.calendarId)
    // The shape the widget asks for; the full one (deprecated) otherwise, as the proxy answers.
    return HttpResponse.json(
      query.get('shape') === 'compact'
        ? { calendarId, timeZone, from, to, durationMinutes: 30, days: compactDays(slots, timeZone) }
        : { calendarId, timeZone, from, to, slots },
    )
  }),
  http.get('*/v1/sites/:site/calendars/:calendarId', ({ params }) => {
    received.calendars.push(String(params.calendarId))
    return HttpResponse.json(calendarInfo(String(params.calendarId)))
  }),
  http.post('*/v1/sites/:site/bookings', async ({ request }) => {
    const body = (await request.json()) as BookingRequest
    received.bookings.push({ key: request.headers.get('idempotency-key'), body })
    return HttpResponse.json(bookingFor(body), { status: 201 })
  }),
]
