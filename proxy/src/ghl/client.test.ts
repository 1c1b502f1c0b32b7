import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createFakeGhl, FAKE } from '../../../test/support/fake-ghl.ts'
import { readFileSync } from 'node:fs'
import { createGhlClient, USER_AGENT, type GhlClientOptions } from './client.ts'
import { createThrottle } from './throttle.ts'
import { GhlError } from './types.ts'

/** A client on the fake with a virtual clock: sleeps advance it and are recorded, nothing really waits. */
function setup(overrides: Partial<GhlClientOptions> = {}) {
  let now = Date.parse('2030-01-06T12:00:00Z')
  const clock = () => now
  const sleeps: number[] = []
  const sleep = async (ms: number) => {
    sleeps.push(ms)
    now += ms
  }
  const ghl = createFakeGhl({ clock })
  const client = createGhlClient({
    baseUrl: FAKE.baseUrl,
    tokenFor: () => FAKE.token,
    fetch: ghl.fetch,
    clock,
    sleep,
    random: () => 1,
    throttle: createThrottle({ clock, sleep }),
    ...overrides,
  })
  return { ghl, client, sleeps }
}

const appointment = {
  calendarId: FAKE.calendarId,
  locationId: FAKE.locationId,
  contactId: 'c-1',
  startTime: '2030-01-07T09:00:00-05:00',
}

const rejects = async (promise: Promise<unknown>, check: (error: GhlError) => void) => {
  const error = await promise.then(
    () => assert.fail('expected a GhlError'),
    (e: unknown) => e,
  )
  assert.ok(error instanceof GhlError, String(error))
  assert.ok(!error.message.includes(FAKE.token), 'the token must not be in an error')
  check(error)
}

test('sends the bearer token and the Version header of each resource', async () => {
  const { ghl, client } = setup()
  assert.equal(await client.getLocationTimeZone(FAKE.locationId), FAKE.timeZone)
  await client.getCalendar(FAKE.locationId, FAKE.calendarId)
  const [location, calendar] = ghl.calls
  assert.equal(location!.headers.get('version'), '2021-07-28')
  assert.equal(calendar!.headers.get('version'), '2021-04-15')
  assert.equal(calendar!.headers.get('authorization'), `Bearer ${FAKE.token}`)
})

test('every request says who sends it: ghl-booking/<version of package.json>, or the agent given', async () => {
  const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'))
  assert.equal(USER_AGENT, `ghl-booking/${version}`)
  const { ghl, client } = setup()
  await client.getLocationTimeZone(FAKE.locationId)
  assert.equal(ghl.calls[0]!.headers.get('user-agent'), USER_AGENT)
  const custom = setup({ userAgent: 'ghl-booking/test' })
  await custom.client.getLocationTimeZone(FAKE.locationId)
  assert.equal(custom.ghl.calls[0]!.headers.get('user-agent'), 'ghl-booking/test')
})

test('free slots keep date keys only and every start string as sent', async () => {
  const { client } = setup()
  const start = Date.parse('2030-01-07T05:00:00Z')
  const slots = await client.getFreeSlots(FAKE.locationId, {
    calendarId: FAKE.calendarId,
    startMs: start,
    endMs: start + 86_400_000 - 1,
    timeZone: FAKE.timeZone,
  })
  assert.deepEqual(Object.keys(slots), ['2030-01-07'])
  assert.equal(slots['2030-01-07']![0], '2030-01-07T09:00:00-05:00')
})

test('a malformed response is GhlError malformed and is not retried', async () => {
  const { ghl, client } = setup()
  ghl.respond(() => Response.json({ '2030-01-07': { slots: 'nope' } }))
  await rejects(
    client.getFreeSlots(FAKE.locationId, { calendarId: 'x', startMs: 0, endMs: 1, timeZone: 'UTC' }),
    (e) => assert.equal(e.kind, 'malformed'),
  )
  assert.equal(ghl.calls.length, 1)
})

test('429 with Retry-After waits that long, then succeeds', async () => {
  const { ghl, client, sleeps } = setup()
  ghl.respond(() =>
    ghl.calls.length === 1 ? new Response(null, { status: 429, headers: { 'Retry-After': '2' } }) : undefined,
  )
  await client.getLocationTimeZone(FAKE.locationId)
  assert.deepEqual(sleeps, [2000])
  assert.equal(ghl.calls.length, 2)
})

test('429 with X-RateLimit-Interval-Milliseconds waits the interval', async () => {
  const { ghl, client, sleeps } = setup()
  ghl.respond(() =>
    ghl.calls.length === 1
      ? new Response(null, {
          status: 429,
          headers: { 'X-RateLimit-Interval-Milliseconds': '1500', 'X-RateLimit-Daily-Remaining': '1000' },
        })
      : undefined,
  )
  await client.getLocationTimeZone(FAKE.locationId)
  assert.deepEqual(sleeps, [1500])
})

test('429 without headers backs off exponentially with full jitter from 500 ms', async () => {
  const randoms = [1, 0.5, 1]
  const { ghl, client, sleeps } = setup({ random: () => randoms.shift() ?? 0 })
  ghl.respond(() => (ghl.calls.length <= 3 ? new Response(null, { status: 429 }) : undefined))
  await client.getLocationTimeZone(FAKE.locationId)
  // Caps 500, 1000, 2000 times the random draws 1, 0.5, 1.
  assert.deepEqual(sleeps, [500, 500, 2000])
  assert.equal(ghl.calls.length, 4)
})

test('a 5xx backs off 0.5, 1, 2 s with full jitter, whatever rate-limit headers GHL sends with it', async () => {
  const randoms = [0.5, 0.25, 0.9]
  const { ghl, client, sleeps } = setup({ random: () => randoms.shift() ?? 0 })
  // As GHL does: the limit headers on every answer, a 503 may carry Retry-After too.
  const limits = { 'X-RateLimit-Interval-Milliseconds': '10000', 'X-RateLimit-Remaining': '97' }
  ghl.respond(() =>
    ghl.calls.length <= 3
      ? new Response('busy', { status: 503, headers: { ...limits, 'Retry-After': '30' } })
      : Response.json({ location: { id: FAKE.locationId, timezone: 'UTC' } }, { headers: limits }),
  )
  assert.equal(await client.getLocationTimeZone(FAKE.locationId), 'UTC')
  // Caps 500, 1000, 2000 times the random draws 0.5, 0.25, 0.9: never the 10 s interval, nor the 30 s.
  assert.deepEqual(sleeps, [250, 250, 1800])
})

test('GHL failing half the time: a read waits at most 3.5 s in all, never an interval', async () => {
  let draws = 0
  // A fixed sequence of draws for GHL's coin and for the jitter, so the run is the same every time.
  const sequence = (i: number) => ((i * 7919) % 1000) / 1000
  const { ghl, client, sleeps } = setup({ random: () => sequence(draws++) })
  const limits = { 'X-RateLimit-Interval-Milliseconds': '10000' }
  let coin = 0
  ghl.respond(() =>
    sequence(500 + coin++) < 0.5 ? new Response(null, { status: 502, headers: limits }) : undefined,
  )
  let failed = 0
  for (let i = 0; i < 200; i++) {
    const before = sleeps.length
    await client.getLocationTimeZone(FAKE.locationId).catch(() => failed++)
    const waited = sleeps.slice(before).reduce((sum, ms) => sum + ms, 0)
    assert.ok(waited <= 3_500, `read ${i} waited ${waited} ms`)
  }
  assert.ok(Math.max(...sleeps) <= 2_000, String(Math.max(...sleeps)))
  // Four attempts each: one read in 16 fails all four at a half chance.
  assert.ok(failed < 40, String(failed))
})

test('gives up after the attempts, keeping the last error', async () => {
  const { ghl, client } = setup()
  ghl.respond(() => new Response('oops', { status: 503 }))
  await rejects(client.getLocationTimeZone(FAKE.locationId), (e) => {
    assert.equal(e.kind, 'unavailable')
    assert.equal(e.status, 503)
  })
  assert.equal(ghl.calls.length, 4)
})

test('daily limit exhausted: no retry', async () => {
  const { ghl, client, sleeps } = setup()
  ghl.respond(
    () =>
      new Response(null, {
        status: 429,
        headers: { 'X-RateLimit-Daily-Remaining': '0', 'Retry-After': '1' },
      }),
  )
  await rejects(client.getLocationTimeZone(FAKE.locationId), (e) => assert.equal(e.kind, 'rate_limited'))
  assert.equal(ghl.calls.length, 1)
  assert.deepEqual(sleeps, [])
})

test('a wait past the overall deadline is not taken', async () => {
  const { ghl, client } = setup({ deadlineMs: 3_000 })
  ghl.respond(() => new Response(null, { status: 429, headers: { 'Retry-After': '5' } }))
  await rejects(client.getLocationTimeZone(FAKE.locationId), (e) => assert.equal(e.retryAfter, 5))
  assert.equal(ghl.calls.length, 1)
})

test('no throttle slot is taken once the deadline has passed', async () => {
  let now = Date.parse('2030-01-06T12:00:00Z')
  const clock = () => now
  // A wait that overruns (a busy event loop) ends past the deadline.
  const sleep = async (ms: number) => {
    now += ms + 5_000
  }
  const throttle = createThrottle({ clock, sleep })
  let acquired = 0
  const counting = { acquire: (key: string) => (acquired++, throttle.acquire(key)) }
  const { ghl, client } = setup({ deadlineMs: 3_000, clock, sleep, throttle: counting })
  ghl.respond(() => new Response(null, { status: 503, headers: { 'Retry-After': '1' } }))
  await rejects(client.getLocationTimeZone(FAKE.locationId), (e) => assert.equal(e.status, 503))
  assert.equal(ghl.calls.length, 1)
  assert.equal(acquired, 1)
})

test('createAppointment is not retried after a 5xx, but is after a 429', async () => {
  const { ghl, client } = setup()
  ghl.respond(() => new Response(null, { status: 502 }))
  await rejects(client.createAppointment(appointment), (e) => assert.equal(e.kind, 'unavailable'))
  assert.equal(ghl.calls.length, 1)

  ghl.respond((call) =>
    ghl.calls.length === 2
      ? new Response(null, { status: 429 })
      : Response.json({ id: 'apt-1', ...appointment, title: null, endTime: '2030-01-07T09:30:00-05:00' }),
  )
  const created = await client.createAppointment(appointment)
  assert.equal(created.id, 'apt-1')
  assert.equal('title' in created, false)
  assert.equal(ghl.calls.length, 3)
  assert.equal(ghl.calls[2]!.headers.get('version'), '2021-04-15')
  assert.deepEqual(ghl.calls[2]!.body, appointment)
})

test('createAppointment is not retried after a timeout', async () => {
  let attempts = 0
  const hang = (_: unknown, init?: RequestInit) =>
    new Promise<Response>((_resolve, reject) => {
      attempts++
      init?.signal?.addEventListener('abort', () => reject(init.signal!.reason))
    })
  const { client } = setup({ fetch: hang as typeof fetch, timeoutMs: 20 })
  await rejects(client.createAppointment(appointment), (e) => assert.equal(e.kind, 'timeout'))
  assert.equal(attempts, 1)
})

/** A fetch whose 2xx body starts and then stalls until the attempt is aborted, as a real fetch's body does. */
function stallingBody(attempts: { count: number }, answerAfter = Infinity) {
  return (async (_: unknown, init?: RequestInit) => {
    attempts.count++
    if (attempts.count > answerAfter) return Response.json({ location: { id: 'loc-1', timezone: 'UTC' } })
    const signal = init!.signal!
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"location":'))
        signal.addEventListener('abort', () => controller.error(signal.reason))
      },
    })
    return new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } })
  }) as typeof fetch
}

test('a timeout while reading a 2xx body is a timeout: reads retry it', async () => {
  const attempts = { count: 0 }
  const { client } = setup({ fetch: stallingBody(attempts, 1), timeoutMs: 20 })
  assert.equal(await client.getLocationTimeZone(FAKE.locationId), 'UTC')
  assert.equal(attempts.count, 2)

  const always = { count: 0 }
  const { client: stalled } = setup({ fetch: stallingBody(always), timeoutMs: 20 })
  await rejects(stalled.getLocationTimeZone(FAKE.locationId), (e) => assert.equal(e.kind, 'timeout'))
  assert.equal(always.count, 4)
})

test('createAppointment is not retried after a timeout while reading its body', async () => {
  const attempts = { count: 0 }
  const { client } = setup({ fetch: stallingBody(attempts), timeoutMs: 20 })
  await rejects(client.createAppointment(appointment), (e) => assert.equal(e.kind, 'timeout'))
  assert.equal(attempts.count, 1)
})

test('createAppointment is retried when the connection is refused', async () => {
  let attempts = 0
  const refuse = async () => {
    attempts++
    throw new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    })
  }
  const { client } = setup({ fetch: refuse as typeof fetch })
  await rejects(client.createAppointment(appointment), (e) => assert.equal(e.kind, 'unavailable'))
  assert.equal(attempts, 4)
})

test('a 400 or 422 keeps GHL message, string or list', async () => {
  const { ghl, client } = setup()
  ghl.respond(() =>
    Response.json(
      { statusCode: 400, message: 'The slot you have selected is no longer available.' },
      { status: 400 },
    ),
  )
  await rejects(client.createAppointment(appointment), (e) => {
    assert.equal(e.kind, 'rejected')
    assert.equal(e.status, 400)
    assert.match(e.message, /slot you have selected is no longer available/)
  })
  ghl.respond(() => Response.json({ statusCode: 422, message: ['email must be an email'] }, { status: 422 }))
  await rejects(
    client.upsertContact({ locationId: FAKE.locationId, firstName: 'A', lastName: 'B', email: 'x' }),
    (e) => {
      assert.equal(e.status, 422)
      assert.deepEqual(e.upstreamMessage, ['email must be an email'])
    },
  )
})

test('upsertContact and getContactAppointments parse their answers', async () => {
  const { ghl, client } = setup()
  ghl.respond((call) =>
    call.path === '/contacts/upsert'
      ? Response.json({ new: true, contact: { id: 'c-9' }, traceId: 't' })
      : Response.json({
          events: [{ id: 'e-1', calendarId: FAKE.calendarId, startTime: '2030-01-07T09:00:00-05:00' }],
        }),
  )
  assert.deepEqual(
    await client.upsertContact({
      locationId: FAKE.locationId,
      firstName: 'A',
      lastName: 'B',
      email: 'a@b.c',
    }),
    {
      id: 'c-9',
      isNew: true,
    },
  )
  const [event] = await client.getContactAppointments(FAKE.locationId, 'c-9')
  assert.equal(event!.contactId, 'c-9')
  assert.equal(event!.locationId, FAKE.locationId)
  assert.equal(ghl.calls[1]!.path, '/contacts/c-9/appointments')
  assert.equal(ghl.calls[1]!.headers.get('version'), '2021-07-28')
})

test('getAppointment reads the event; updateAppointment and setContactFields PUT with the Version of their resource', async () => {
  const { ghl, client } = setup()
  ghl.respond((call) => {
    if (call.method === 'GET')
      return Response.json({
        event: {
          id: 'e-1',
          calendarId: FAKE.calendarId,
          contactId: 'c-1',
          startTime: '2030-01-07T09:00:00-05:00',
          endTime: '2030-01-07T09:30:00-05:00',
          appointmentStatus: 'confirmed',
          description: 'Notes',
          notes: null,
        },
        traceId: 't',
      })
    if (call.path.startsWith('/contacts/')) return Response.json({ succeded: true, contact: { id: 'c-1' } })
    return Response.json({
      id: 'e-1',
      calendarId: FAKE.calendarId,
      locationId: FAKE.locationId,
      contactId: 'c-1',
    })
  })
  const event = await client.getAppointment(FAKE.locationId, 'e-1')
  assert.equal(event.description, 'Notes')
  assert.equal(event.locationId, FAKE.locationId, 'an event without locationId is of the location asked')
  await client.updateAppointment(FAKE.locationId, 'e-1', { appointmentStatus: 'cancelled' })
  await client.setContactFields(FAKE.locationId, 'c-1', [{ id: 'f-1', field_value: 'https://x.test/' }])
  const [get, put, contact] = ghl.calls
  assert.equal(get!.path, '/calendars/events/appointments/e-1')
  assert.equal(get!.headers.get('version'), '2021-04-15')
  assert.equal(put!.method, 'PUT')
  assert.deepEqual(put!.body, { appointmentStatus: 'cancelled' })
  assert.equal(put!.headers.get('version'), '2021-04-15')
  assert.equal(contact!.method, 'PUT')
  assert.equal(contact!.path, '/contacts/c-1')
  assert.deepEqual(contact!.body, { customFields: [{ id: 'f-1', field_value: 'https://x.test/' }] })
  assert.equal(contact!.headers.get('version'), '2021-07-28')
})

test('updateAppointment is not retried after a 5xx (the caller reads the appointment back); getAppointment is', async () => {
  const { ghl, client } = setup()
  ghl.respond(() => Response.json({ statusCode: 502 }, { status: 502 }))
  await rejects(
    client.updateAppointment(FAKE.locationId, 'e-1', { startTime: '2030-01-07T10:00:00-05:00' }),
    (e) => assert.equal(e.kind, 'unavailable'),
  )
  assert.equal(ghl.calls.length, 1)
  await rejects(client.getAppointment(FAKE.locationId, 'e-1'), (e) => assert.equal(e.kind, 'unavailable'))
  assert.equal(ghl.calls.length, 5)
})

test('a 401 asks for a new token once and makes the same attempt again with it; a second 401 is final', async () => {
  const renewals: string[] = []
  const { ghl, client } = setup({
    tokenFor: async () => 'oauth-old-access',
    renewToken: async (locationId, refused) => {
      renewals.push(`${locationId}:${refused}`)
      return FAKE.token
    },
  })
  ghl.respond((call) =>
    call.headers.get('authorization') === 'Bearer oauth-old-access'
      ? Response.json({ statusCode: 401, message: 'Invalid JWT' }, { status: 401 })
      : undefined,
  )
  assert.equal(await client.getLocationTimeZone(FAKE.locationId), FAKE.timeZone)
  assert.deepEqual(renewals, [`${FAKE.locationId}:oauth-old-access`])
  assert.deepEqual(
    ghl.calls.map((call) => call.headers.get('authorization')),
    ['Bearer oauth-old-access', `Bearer ${FAKE.token}`],
  )

  ghl.respond(() => Response.json({ statusCode: 401, message: 'Invalid JWT' }, { status: 401 }))
  renewals.length = 0
  await rejects(client.getLocationTimeZone(FAKE.locationId), (error) => assert.equal(error.status, 401))
  assert.equal(renewals.length, 1, 'renewed once, not again after the second 401')
})

test('a 401 without a new token to try is final; without a renew hook nothing is asked', async () => {
  const { ghl, client } = setup({ renewToken: async () => undefined })
  ghl.respond(() => Response.json({ statusCode: 401, message: 'Invalid JWT' }, { status: 401 }))
  await rejects(client.getLocationTimeZone(FAKE.locationId), (error) => assert.equal(error.status, 401))
  assert.equal(ghl.calls.length, 1)
})
