import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Hono } from 'hono'
import * as v from 'valibot'
import type { BookingRequestInput, CalendarInfo } from '../../../contract/schemas.ts'
import { ProxyError } from '../errors.ts'
import {
  GhlError,
  type CreateAppointmentInput,
  type GhlClient,
  type UpsertContactInput,
} from '../ghl/types.ts'
import { createMemoryIdempotencyStore } from '../stores/idempotency-memory.ts'
import { Site, type SiteInput } from '../config/sites.ts'
import type { AppEnv, CalendarService, SlotService } from '../types.ts'
import { bookingRoutes, type BookingDeps } from './bookings.ts'

const START = '2026-03-02T09:00:00-05:00'
/** When the fake slot services' answers were loaded: long enough ago that a booking checks GHL again. */
const LONG_AGO = Number.NEGATIVE_INFINITY
/** The day before START: its slots lie within the booking window. */
const TODAY = () => Date.parse('2026-03-01T12:00:00Z')
const INFO: CalendarInfo = {
  id: 'cal1',
  name: 'Intro',
  description: '',
  durationMinutes: 30,
  timeZone: 'America/New_York',
  bookingWindow: { minNoticeMinutes: 0, maxDaysAhead: 30 },
  form: { phone: 'optional', notes: 'optional', consent: null },
}

function setup(
  options: { site?: Partial<SiteInput>; ghl?: Partial<GhlClient>; deps?: Partial<BookingDeps> } = {},
) {
  const site = v.parse(Site, {
    id: 'acme',
    locationId: 'loc1',
    calendars: ['cal1'],
    origins: ['https://acme.test'],
    tags: ['widget'],
    ...options.site,
  })
  const calls = {
    upsert: [] as UpsertContactInput[],
    tags: [] as { contactId: string; tags: string[] }[],
    create: [] as CreateAppointmentInput[],
    lookups: 0,
  }
  const events: string[] = []
  const ghl: GhlClient = {
    getLocationTimeZone: async () => 'America/New_York',
    getCalendar: async () => ({ id: 'cal1', locationId: 'loc1', name: 'Intro' }),
    getFreeSlots: async () => ({}),
    upsertContact: async (input) => {
      calls.upsert.push(input)
      return { id: 'contact1', isNew: true }
    },
    addContactTags: async (_location, contactId, tags) => {
      calls.tags.push({ contactId, tags })
      return tags
    },
    createAppointment: async (input) => {
      calls.create.push(input)
      return {
        id: `appt${calls.create.length}`,
        calendarId: input.calendarId,
        locationId: 'loc1',
        contactId: input.contactId,
        startTime: input.startTime,
      }
    },
    getContactAppointments: async () => {
      calls.lookups++
      return []
    },
    getUser: async () => ({ name: 'Ava Smith' }),
    getAppointment: async () => assert.fail('a booking never reads one appointment'),
    updateAppointment: async () => assert.fail('a booking without a link field changes no appointment'),
    setContactFields: async () => assert.fail('a booking without a link field sets no contact field'),
    getPipelines: async () => assert.fail('a site without opportunities reads no pipeline'),
    findOpenOpportunities: async () => assert.fail('a site without opportunities looks for none'),
    upsertOpportunity: async () => assert.fail('a site without opportunities writes none'),
    ...options.ghl,
  }
  const calendars: CalendarService = {
    get: async () => ({ info: INFO, ghl: { id: 'cal1', locationId: 'loc1', name: 'Intro' } }),
  }
  const slots: SlotService = {
    get: async (_site, _cal, query) => {
      events.push(`get ${query.from} ${query.timeZone}`)
      return {
        slots: [
          { start: START, end: '2026-03-02T09:30:00-05:00' },
          { start: '2026-03-02T10:00:00-05:00', end: '2026-03-02T10:30:00-05:00' },
        ],
        stale: false,
        loadedAt: LONG_AGO,
      }
    },
    invalidate: (cal) => void events.push(`invalidate ${cal}`),
  }
  const deps: BookingDeps = {
    ghl,
    calendars,
    slots,
    idempotency: createMemoryIdempotencyStore({ clock: TODAY }),
    clock: TODAY,
    ...options.deps,
  }
  const app = new Hono<AppEnv>()
  app.use('/v1/sites/:site/*', async (c, next) => {
    c.set('site', site)
    await next()
  })
  app.route('/v1/sites/:site/bookings', bookingRoutes(deps))
  const post = (body: unknown, key: string | null = 'key-00000001', raw?: string) =>
    app.request('/v1/sites/acme/bookings', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key && { 'idempotency-key': key }) },
      body: raw ?? JSON.stringify(body),
    })
  return { post, calls, events }
}

const request = (extra: Partial<BookingRequestInput> = {}): BookingRequestInput => ({
  calendarId: 'cal1',
  start: START,
  timeZone: 'Europe/Berlin',
  contact: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' },
  attribution: {
    utm_source: 'google',
    utm_campaign: 'spring',
    gclid: 'abc',
    referrer: 'https://search.test/',
  },
  ...extra,
})

test('books: upserts the contact, creates the appointment as given, invalidates the calendar', async () => {
  const { post, calls, events } = setup()
  const res = await post(request({ notes: 'Bring the plans' }))
  assert.equal(res.status, 201)
  assert.deepEqual(await res.json(), {
    id: 'appt1',
    calendarId: 'cal1',
    start: START,
    end: '2026-03-02T09:30:00-05:00',
    title: 'Intro: Ada Lovelace',
    timeZone: 'Europe/Berlin',
  })
  const [contact] = calls.upsert
  assert.equal(contact?.timezone, 'Europe/Berlin')
  assert.match(contact?.source ?? '', /widget/)
  // Tags never go with the upsert (they would replace a returning contact's own): they are added to it.
  assert.equal('tags' in (contact ?? {}), false)
  assert.deepEqual(calls.tags, [
    { contactId: 'contact1', tags: ['widget', 'utm_source:google', 'utm_campaign:spring'] },
  ])
  const [create] = calls.create
  assert.equal(create?.startTime, START)
  assert.equal(create?.appointmentStatus, 'confirmed')
  assert.equal(create?.contactId, 'contact1')
  assert.match(
    create?.description ?? '',
    /Bring the plans[\s\S]*gclid: abc[\s\S]*referrer: https:\/\/search.test\//,
  )
  // The start's day (in the visitor's zone) is read from the cache before anything goes to GHL.
  assert.deepEqual(events, ['get 2026-03-02 Europe/Berlin', 'invalidate cal1'])
})

test('tagging fails: the booking is made all the same, and the failure is logged as a warning', async () => {
  const lines: Record<string, unknown>[] = []
  const { post, calls } = setup({
    ghl: {
      addContactTags: async () => {
        throw new GhlError('unavailable', 'bad gateway', { status: 502 })
      },
    },
    deps: { log: (entry) => lines.push(entry) },
  })
  const res = await post(request())
  assert.equal(res.status, 201)
  assert.equal(calls.create.length, 1)
  assert.ok(lines.some((line) => line.msg === 'booking.tags_failed' && line.level === 'warn'))
})

test('a site without tags and a visit without utm values: no tagging call', async () => {
  const { post, calls } = setup({ site: { tags: [] } })
  assert.equal((await post(request({ attribution: { gclid: 'x' } }))).status, 201)
  assert.equal(calls.tags.length, 0)
})

test('validation: 400 with issues per field, no upstream call', async () => {
  const { post, calls } = setup()
  const res = await post(request({ contact: { firstName: '', lastName: 'L', email: 'nope' } }), null)
  assert.equal(res.status, 400)
  const body = await res.json()
  assert.equal(body.error.code, 'invalid_request')
  const paths = body.error.issues.map((i: { path: string }) => i.path)
  assert.deepEqual(paths.sort(), ['Idempotency-Key', 'contact.email', 'contact.firstName'])
  assert.equal((await post(undefined, 'key-00000001', '{not json')).status, 400)
  assert.equal(calls.upsert.length, 0)
})

test('unknown calendar: 404, no upstream call', async () => {
  const { post, calls } = setup()
  const res = await post(request({ calendarId: 'other' }))
  assert.equal(res.status, 404)
  assert.equal((await res.json()).error.code, 'unknown_calendar')
  assert.equal(calls.upsert.length, 0)
})

test('honeypot: refused without an upstream call', async () => {
  const { post, calls } = setup()
  const res = await post({ ...request(), website: 'http://spam.test' })
  assert.equal(res.status, 400)
  assert.equal(calls.upsert.length + calls.create.length, 0)
})

test('form rules: consent, phone and notes when the site requires them', async () => {
  const { post, calls } = setup({ site: { consent: 'I agree', phone: 'required', notes: 'required' } })
  const res = await post(request())
  assert.equal(res.status, 400)
  const paths = (await res.json()).error.issues.map((i: { path: string }) => i.path)
  assert.deepEqual(paths, ['consent', 'contact.phone', 'notes'])
  const ok = await post(
    request({
      consent: true,
      notes: 'hi',
      contact: { firstName: 'A', lastName: 'B', email: 'a@b.co', phone: '+1 555 123 4567' },
    }),
  )
  assert.equal(ok.status, 201)
  assert.match(calls.create[0]?.description ?? '', /consent: I agree/)
})

test('body limit: 413 payload_too_large', async () => {
  const { post, calls } = setup({ deps: { maxBodyBytes: 1024 } })
  const res = await post(request({ notes: 'x'.repeat(2000) }))
  assert.equal(res.status, 413)
  assert.equal((await res.json()).error.code, 'payload_too_large')
  assert.equal(calls.upsert.length, 0)
})

test('idempotency: a retry with the same key replays the booking, another body is 422', async () => {
  const { post, calls } = setup()
  const first = await post(request())
  const again = await post(request())
  assert.equal(again.status, 201)
  assert.equal(again.headers.get('idempotent-replayed'), 'true')
  assert.deepEqual(await again.json(), await first.json())
  assert.equal(calls.create.length, 1)
  const other = await post(request({ start: '2026-03-02T10:00:00-05:00' }))
  assert.equal(other.status, 422)
  assert.equal(calls.create.length, 1)
})

test('idempotency: keys are scoped by site', async () => {
  // Two sites' route instances share one store: the same key must not collide.
  const store = createMemoryIdempotencyStore({ clock: () => 0 })
  const a = setup({ deps: { idempotency: store } })
  const b = setup({ deps: { idempotency: store }, site: { id: 'other' } })
  assert.equal((await a.post(request())).status, 201)
  assert.equal((await b.post(request())).status, 201)
  assert.equal(b.calls.create.length, 1)
})

test('idempotency: a concurrent duplicate waits for the first', async () => {
  let release!: () => void
  const gate = new Promise<void>((resolve) => (release = resolve))
  let creates = 0
  const { post } = setup({
    ghl: {
      createAppointment: async (input) => {
        creates++
        await gate
        return { id: 'slow', calendarId: input.calendarId, locationId: 'loc1', contactId: input.contactId }
      },
    },
  })
  const both = Promise.all([post(request()), post(request())])
  setTimeout(release, 5)
  const [a, b] = await both
  assert.deepEqual([a.status, b.status], [201, 201])
  assert.equal((await a.json()).id, (await b.json()).id)
  assert.equal(creates, 1)
})

const taken = async (): Promise<never> => {
  throw new GhlError('rejected', 'The slot you have selected is no longer available.', { status: 400 })
}
test('slot taken: 409 with the day’s other free slots, read after invalidating', async () => {
  const { post, events } = setup({ ghl: { createAppointment: taken }, deps: { clock: TODAY } })
  const res = await post(request())
  assert.equal(res.status, 409)
  const body = await res.json()
  assert.equal(body.error.code, 'slot_taken')
  assert.deepEqual(body.error.slots, [
    { start: '2026-03-02T10:00:00-05:00', end: '2026-03-02T10:30:00-05:00' },
  ])
  assert.deepEqual(events.slice(-2), ['invalidate cal1', 'get 2026-03-02 Europe/Berlin'])
})

test('the day’s last time taken: 409 with every free time of the next day that has any', async () => {
  const free = [
    { start: START, end: '2026-03-02T09:30:00-05:00' },
    // 3 March has nothing; 4 March two times, 5 March one and 40 days on, one more: only 4 March is offered.
    { start: '2026-03-04T11:00:00-05:00', end: '2026-03-04T11:30:00-05:00' },
    { start: '2026-03-04T15:00:00-05:00', end: '2026-03-04T15:30:00-05:00' },
    { start: '2026-03-05T09:00:00-05:00', end: '2026-03-05T09:30:00-05:00' },
  ]
  const queries: string[] = []
  const slots: SlotService = {
    get: async (_site, _cal, query) => {
      queries.push(`${query.from}..${query.to}`)
      return {
        slots: free.filter(
          (slot) => slot.start.slice(0, 10) >= query.from && slot.start.slice(0, 10) <= query.to,
        ),
        stale: false,
        loadedAt: LONG_AGO,
      }
    },
    invalidate: () => {},
  }
  const calendars: CalendarService = {
    get: async () => ({
      info: { ...INFO, bookingWindow: { minNoticeMinutes: 0, maxDaysAhead: 60 } },
      ghl: { id: 'cal1', locationId: 'loc1', name: 'Intro' },
    }),
  }
  const { post } = setup({ ghl: { createAppointment: taken }, deps: { clock: TODAY, slots, calendars } })
  const res = await post(request({ timeZone: 'America/New_York' }))
  assert.equal(res.status, 409)
  assert.deepEqual((await res.json()).error.slots, free.slice(1, 3))
  // The check's read of the start's day, then the search.
  assert.deepEqual(queries, ['2026-03-02..2026-03-02', '2026-03-02..2026-04-01'])

  // Nothing free at all: the search goes on a month at a time up to the booking window (60 days) and stops.
  free.splice(1)
  queries.length = 0
  const none = await post(request({ timeZone: 'America/New_York' }), 'key-00000002')
  assert.deepEqual((await none.json()).error.slots, [])
  assert.deepEqual(queries, ['2026-03-02..2026-03-02', '2026-03-02..2026-04-01', '2026-04-02..2026-04-30'])
})

test('slot taken by this contact’s earlier attempt: that appointment is the booking', async () => {
  const { post } = setup({
    ghl: {
      createAppointment: async () => {
        throw new GhlError('rejected', 'The slot you have selected is no longer available.', { status: 422 })
      },
      getContactAppointments: async () => [
        {
          id: 'mine',
          calendarId: 'cal1',
          locationId: 'loc1',
          contactId: 'contact1',
          startTime: '2026-03-02T14:00:00Z',
        },
      ],
    },
  })
  const res = await post(request())
  assert.equal(res.status, 201)
  assert.equal((await res.json()).id, 'mine')
})

test('timeout on create: an appointment found at that start is the result, no second create', async () => {
  let creates = 0
  const { post } = setup({
    ghl: {
      createAppointment: async () => {
        creates++
        throw new GhlError('timeout', 'timed out')
      },
      getContactAppointments: async () => [
        { id: 'found', calendarId: 'cal1', locationId: 'loc1', contactId: 'contact1', startTime: START },
      ],
    },
  })
  const res = await post(request())
  assert.equal(res.status, 201)
  assert.equal((await res.json()).id, 'found')
  assert.equal(creates, 1)
})

test('5xx on create and nothing found: one more attempt, then 503 with Retry-After and the key free', async () => {
  let fail = true
  let creates = 0
  const { post } = setup({
    ghl: {
      createAppointment: async (input) => {
        creates++
        if (fail) throw new GhlError('unavailable', 'bad gateway', { status: 502 })
        return { id: 'later', calendarId: input.calendarId, locationId: 'loc1', contactId: input.contactId }
      },
    },
  })
  const res = await post(request())
  assert.equal(res.status, 503)
  assert.equal((await res.json()).error.code, 'upstream_unavailable')
  assert.ok(Number(res.headers.get('retry-after')) >= 1)
  assert.equal(creates, 2)
  fail = false
  const retry = await post(request())
  assert.equal(retry.status, 201)
  assert.equal((await retry.json()).id, 'later')
})

test('rejected by GHL: 502 upstream_rejected, kept for the key', async () => {
  let creates = 0
  const { post } = setup({
    ghl: {
      createAppointment: async () => {
        creates++
        throw new GhlError('rejected', 'Invalid token', { status: 401 })
      },
    },
  })
  const res = await post(request())
  assert.equal(res.status, 502)
  assert.equal((await res.json()).error.code, 'upstream_rejected')
  assert.equal((await post(request())).status, 502)
  assert.equal(creates, 1)
})

test('contact upsert fails: 503 and no create', async () => {
  const { post, calls } = setup({
    ghl: {
      upsertContact: async () => {
        throw new GhlError('unavailable', 'down', { status: 503, retryAfter: 7 })
      },
    },
  })
  const res = await post(request())
  assert.equal(res.status, 503)
  assert.equal(res.headers.get('retry-after'), '7')
  assert.equal(calls.create.length, 0)
})

test('calendar service errors pass through unchanged', async () => {
  const broken = setup({
    deps: {
      calendars: {
        get: async () => {
          throw new ProxyError(404, 'unknown_calendar', 'No such calendar')
        },
      },
    },
  })
  const res = await broken.post(request())
  assert.equal(res.status, 404)
  assert.equal((await res.json()).error.code, 'unknown_calendar')
  assert.equal(broken.calls.upsert.length, 0)
})

test('a start the cache does not hold: GHL asked once for its day, then 409 without a write or invalidation', async () => {
  const asked: { startMs: number; endMs: number; timeZone: string }[] = []
  const { post, calls, events } = setup({
    ghl: {
      getFreeSlots: async (_location, query) => {
        asked.push(query)
        return {}
      },
    },
  })
  for (const [i, start] of ['2026-03-02T11:00:00-05:00', '2026-03-02T11:07:00-05:00'].entries()) {
    const res = await post(request({ start }), `made-up-start-${i}`)
    assert.equal(res.status, 409)
    const body = await res.json()
    assert.equal(body.error.code, 'slot_taken')
    assert.equal(body.error.slots.length, 2, 'the day’s free times are offered')
  }
  // One read for both: the whole day in the location's zone.
  assert.deepEqual(asked, [
    {
      calendarId: 'cal1',
      startMs: Date.parse('2026-03-02T00:00:00-05:00'),
      endMs: Date.parse('2026-03-03T00:00:00-05:00') - 1,
      timeZone: 'America/New_York',
    },
  ])
  assert.equal(calls.upsert.length + calls.tags.length + calls.create.length + calls.lookups, 0)
  assert.ok(!events.some((event) => event.startsWith('invalidate')), events.join(', '))
})

test('a start the cache does not hold but GHL has free (the cache was behind) is booked', async () => {
  const start = '2026-03-02T11:00:00-05:00'
  const { post, calls } = setup({ ghl: { getFreeSlots: async () => ({ '2026-03-02': [start] }) } })
  const res = await post(request({ start }))
  assert.equal(res.status, 201)
  assert.equal(calls.create[0]?.startTime, start)
})

test('starts outside the booking window are refused without asking anyone', async () => {
  let reads = 0
  const { post, calls, events } = setup({
    ghl: {
      getFreeSlots: async () => {
        reads++
        return {}
      },
    },
  })
  // Before now (noon UTC on 1 March), and after the 30 days the calendar takes bookings for.
  for (const [i, start] of ['2026-03-01T06:00:00-05:00', '2026-05-01T09:00:00-05:00'].entries()) {
    assert.equal((await post(request({ start }), `outside-window-${i}`)).status, 409)
  }
  assert.equal(reads, 0)
  assert.equal(calls.upsert.length, 0)
  assert.ok(!events.some((event) => event.startsWith('get 2026-05')), events.join(', '))
})

test('a retry of an attempt that found its start free skips the check and finds the booking it made', async () => {
  // The first attempt's creates fail with 502 and find nothing, but one took effect: on the retry, the cache no
  // longer offers the start, GHL calls it taken, and the lookup finds her appointment.
  let firstAttempt = true
  let reads = 0
  const { post, calls } = setup({
    ghl: {
      getFreeSlots: async () => {
        reads++
        return {}
      },
      createAppointment: async (input) => {
        calls.create.push(input)
        if (firstAttempt) throw new GhlError('unavailable', 'bad gateway', { status: 502 })
        return taken()
      },
      getContactAppointments: async () =>
        firstAttempt
          ? []
          : [{ id: 'hers', calendarId: 'cal1', locationId: 'loc1', contactId: 'contact1', startTime: START }],
    },
    deps: {
      slots: {
        get: async () => ({
          slots: firstAttempt ? [{ start: START, end: '2026-03-02T09:30:00-05:00' }] : [],
          stale: false,
          loadedAt: LONG_AGO,
        }),
        invalidate: () => {},
      },
    },
  })
  assert.equal((await post(request())).status, 503)
  firstAttempt = false
  const retry = await post(request())
  assert.equal(retry.status, 201)
  assert.equal((await retry.json()).id, 'hers')
  assert.equal(reads, 0, 'the retry was not checked against the free slots again')
  // Another key for the same start is a new booking: checked, and refused.
  assert.equal((await post(request(), 'another-key-1')).status, 409)
})

test('a day the slot service does not serve is a 409 for the booking, not a 400 about a query it never sent', async () => {
  const { post, calls } = setup({
    deps: {
      slots: {
        get: async () => {
          throw new ProxyError(400, 'invalid_request', 'The range may start at most 400 days ahead')
        },
        invalidate: () => {},
      },
    },
  })
  const res = await post(request())
  assert.equal(res.status, 409)
  assert.equal((await res.json()).error.code, 'slot_taken')
  assert.equal(calls.upsert.length, 0)
})
