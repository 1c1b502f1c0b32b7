// Bookings end to end against the GHL sandbox, through the real GHL client, slot and calendar services.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Hono } from 'hono'
import * as v from 'valibot'
import { createSandbox, SANDBOX } from '../demo/sandbox/index.ts'
import { bookingRoutes } from '../proxy/src/routes/bookings.ts'
import { createCalendarService } from '../proxy/src/services/calendars/calendar-service.ts'
import type { BookingRequestInput, Slot } from '../contract/schemas.ts'
import { createGhlClient } from '../proxy/src/ghl/client.ts'
import { createThrottle } from '../proxy/src/ghl/throttle.ts'
import { createMemoryIdempotencyStore } from '../proxy/src/stores/idempotency-memory.ts'
import { Site } from '../proxy/src/config/sites.ts'
import { createSlotService } from '../proxy/src/services/slots/slot-service.ts'
import type { AppEnv } from '../proxy/src/types.ts'

// A Monday noon in New York: the seed's open hours give weekday slots from tomorrow on.
const NOW = Date.parse('2026-03-02T17:00:00Z')
const CAL: string = SANDBOX.calendars.consultation
const VISITOR_ZONE = 'Europe/Berlin'

function harness() {
  const clock = () => NOW
  const noWait = async () => {}
  // Huge limits: the run checks correctness under faults, not GHL's burst limit.
  const sandbox = createSandbox({ now: clock, burst: { max: 1_000_000, intervalMs: 10_000 }, hangMs: 5_000 })
  const seen: string[] = [] // every log line and response, to prove the token is in none of them
  const ghl = createGhlClient({
    tokenFor: () => SANDBOX.token,
    baseUrl: 'http://sandbox.test',
    fetch: async (input, init) => sandbox.fetch(new Request(input, init)),
    clock,
    sleep: noWait,
    timeoutMs: 40,
    throttle: createThrottle({ limit: 1_000_000, clock, sleep: noWait }),
    log: (entry) => seen.push(JSON.stringify(entry)),
  })
  const calendars = createCalendarService({ ghl, clock })
  const slots = createSlotService({ ghl, calendars, clock })
  const site = v.parse(Site, {
    id: 'demo',
    locationId: SANDBOX.locationId,
    calendars: Object.values(SANDBOX.calendars),
    origins: ['https://demo.test'],
    tags: ['booking-widget', 'demo'],
  })
  const app = new Hono<AppEnv>()
  app.use('/v1/sites/:site/*', async (c, next) => {
    c.set('site', site)
    await next()
  })
  app.route(
    '/v1/sites/:site/bookings',
    bookingRoutes({
      ghl,
      calendars,
      slots,
      idempotency: createMemoryIdempotencyStore({ clock }),
      clock,
      sleep: noWait,
      log: (entry) => seen.push(JSON.stringify(entry)),
    }),
  )
  const book = async (body: BookingRequestInput, key: string) => {
    const res = await app.request('/v1/sites/demo/bookings', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    })
    const json = await res.json()
    seen.push(JSON.stringify(json), JSON.stringify([...res.headers]))
    return { status: res.status, body: json, retryAfter: res.headers.get('retry-after') }
  }
  const freeSlots = async (from: string, to: string, calendarId = CAL): Promise<Slot[]> =>
    (await slots.get(site, calendarId, { from, to, timeZone: VISITOR_ZONE })).slots
  return { sandbox, book, freeSlots, seen }
}

const visitor = (i: number, slot: Slot, calendarId = CAL): BookingRequestInput => ({
  calendarId,
  start: slot.start,
  timeZone: VISITOR_ZONE,
  contact: { firstName: 'Visitor', lastName: `No${i}`, email: `visitor${i}@example.com` },
  attribution: { utm_source: 'newsletter' },
})

const contactByEmail = (sandbox: ReturnType<typeof createSandbox>, email: string) =>
  [...sandbox.state().contacts.values()].find((c) => c.email === email)

test('happy path: the appointment exists in GHL with that contact, calendar and start; the slot is gone', async () => {
  const { sandbox, book, freeSlots, seen } = harness()
  const [slot] = await freeSlots('2026-03-03', '2026-03-03')
  assert.ok(slot, 'the sandbox offers slots tomorrow')
  const res = await book(visitor(1, slot), 'happy-path-key-1')
  assert.equal(res.status, 201)
  assert.equal(res.body.start, slot.start)
  assert.equal(res.body.timeZone, VISITOR_ZONE)

  const [appointment, ...others] = sandbox.appointments()
  assert.equal(others.length, 0)
  const contact = contactByEmail(sandbox, 'visitor1@example.com')
  assert.equal(appointment?.id, res.body.id)
  assert.equal(appointment?.calendarId, CAL)
  assert.equal(appointment?.contactId, contact?.id)
  assert.equal(Date.parse(appointment?.startTime ?? ''), Date.parse(slot.start))
  assert.equal(contact?.timezone, VISITOR_ZONE)
  assert.ok(contact?.tags.includes('utm_source:newsletter'))

  const after = await freeSlots('2026-03-03', '2026-03-03')
  assert.ok(!after.some((s) => s.start === slot.start), 'the booked slot is no longer offered')
  assert.ok(!seen.some((line) => line.includes(SANDBOX.token)))
})

test('the same request twice with one key: one appointment, the same answer', async () => {
  const { sandbox, book, freeSlots } = harness()
  const [slot] = await freeSlots('2026-03-04', '2026-03-04')
  const first = await book(visitor(2, slot!), 'twice-key-0001')
  const second = await book(visitor(2, slot!), 'twice-key-0001')
  assert.deepEqual([first.status, second.status], [201, 201])
  assert.deepEqual(second.body, first.body)
  assert.equal(sandbox.appointments().length, 1)
})

test('ten concurrent visitors on one slot: one 201, nine 409 with alternatives', async () => {
  const { sandbox, book, freeSlots } = harness()
  const [slot] = await freeSlots('2026-03-05', '2026-03-05')
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      book(visitor(100 + i, slot!), `race-key-${String(i).padStart(4, '0')}`),
    ),
  )
  const statuses = results.map((r) => r.status).sort()
  assert.deepEqual(statuses, [201, 409, 409, 409, 409, 409, 409, 409, 409, 409])
  for (const lost of results.filter((r) => r.status === 409)) {
    assert.equal(lost.body.error.code, 'slot_taken')
    assert.ok(lost.body.error.slots.length > 0, 'alternatives are offered')
    assert.ok(!lost.body.error.slots.some((s: Slot) => Date.parse(s.start) === Date.parse(slot!.start)))
  }
  assert.equal(sandbox.appointments().length, 1)
})

/** Books 200 distinct slots under faults; every booking must exist exactly once or have been answered with an error. */
async function faultRun(name: string, faults: { errorRate: number; timeoutRate: number }, maxTries: number) {
  const { sandbox, book, freeSlots, seen } = harness()
  const slots = [
    ...(await freeSlots('2026-03-03', '2026-04-30')),
    ...(await freeSlots('2026-03-03', '2026-04-30', SANDBOX.calendars.session)).map((s) => ({
      ...s,
      session: true,
    })),
  ].slice(0, 200)
  assert.equal(slots.length, 200)
  sandbox.setFaults(faults)
  // Node does not keep the process alive for AbortSignal.timeout or the sandbox's hanging requests.
  const keepAlive = setInterval(() => {}, 1_000)

  const request = (i: number) =>
    visitor(1000 + i, slots[i]!, 'session' in slots[i]! ? SANDBOX.calendars.session : CAL)
  const outcomes: { i: number; status: number; id?: string; tries: number }[] = []
  const run = async (i: number) => {
    const body = request(i)
    let res: Awaited<ReturnType<typeof book>> | undefined
    let tries = 0
    // The widget's behaviour: retry with the same key while the answer says it is worth it.
    while (tries < maxTries) {
      tries++
      res = await book(body, `fault-run-${i}`)
      if (res.status !== 503 && res.status !== 504) break
    }
    outcomes.push({ i, status: res!.status, id: res!.body.id, tries })
  }
  for (let i = 0; i < slots.length; i += 20)
    await Promise.all(slots.slice(i, i + 20).map((_, j) => run(i + j)))
  clearInterval(keepAlive)
  sandbox.setFaults({ errorRate: 0, timeoutRate: 0 })
  const injected = sandbox.requests().filter((r) => r.fault).length

  const appointments = sandbox.appointments().filter((a) => a.appointmentStatus !== 'cancelled')
  const bySlot = new Map<string, number>()
  for (const a of appointments) {
    const key = `${a.calendarId} ${Date.parse(a.startTime)}`
    bySlot.set(key, (bySlot.get(key) ?? 0) + 1)
  }
  const duplicates = [...bySlot.values()].filter((n) => n > 1).length
  const booked = outcomes.filter((o) => o.status === 201)
  const errors = outcomes.filter((o) => o.status !== 201)
  const ids = new Set(appointments.map((a) => a.id))
  // A booking answered with an error whose appointment exists anyway: the visitor was not told.
  const silent = errors.filter((o) => {
    const slot = slots[o.i]!
    return appointments.some(
      (a) =>
        Date.parse(a.startTime) === Date.parse(slot.start) &&
        a.contactId === contactByEmail(sandbox, `visitor${1000 + o.i}@example.com`)?.id,
    )
  })
  console.log(
    `${name}: ${booked.length} booked, ${errors.length} answered with an error ` +
      `(statuses ${[...new Set(errors.map((o) => o.status))].join(',') || 'none'}), ${duplicates} duplicates, ${silent.length} booked but told an error, ` +
      `${injected} faults injected, ${outcomes.reduce((n, o) => n + o.tries, 0)} client requests, ` +
      `${seen.filter((l) => l.includes('"booking.recovered"')).length} recovered by looking up the contact's appointments`,
  )
  assert.equal(duplicates, 0)
  assert.equal(outcomes.length, 200)
  for (const o of booked) assert.ok(ids.has(o.id!), `booking ${o.i} exists in GHL`)
  assert.equal(appointments.length, booked.length + silent.length)
  for (const o of errors) assert.ok([502, 503, 504].includes(o.status), `error ${o.status} says what to do`)
  assert.ok(!seen.some((line) => line.includes(SANDBOX.token)))

  // Once GHL is healthy, the visitors told to retry do so with the same key: each gets its one booking.
  const retried = await Promise.all(errors.map((o) => book(request(o.i), `fault-run-${o.i}`)))
  assert.ok(retried.every((r) => r.status === 201))
  const final = sandbox.appointments().filter((a) => a.appointmentStatus !== 'cancelled')
  assert.equal(final.length, 200)
  assert.equal(new Set(final.map((a) => `${a.calendarId} ${Date.parse(a.startTime)}`)).size, 200)
  sandbox.close()
  return { booked: booked.length, errors: errors.length }
}

test('fault run: 30 % 5xx plus timeouts, 200 bookings with client retries → each exists once or was refused', async () => {
  const { booked } = await faultRun('fault run', { errorRate: 0.3, timeoutRate: 0.1 }, 4)
  assert.ok(booked >= 190, 'retries with the same key get nearly every booking through')
})

test('harsh fault run: 50 % 5xx plus 20 % timeouts, no client retries → errors, still no duplicates', async () => {
  const { errors } = await faultRun('harsh fault run', { errorRate: 0.5, timeoutRate: 0.2 }, 1)
  assert.ok(errors > 0, 'the error path is exercised')
})

test('a token GHL refuses: 502 upstream_rejected, and the token is in no response or log line', async () => {
  const { sandbox, book, freeSlots, seen } = harness()
  const [slot] = await freeSlots('2026-03-06', '2026-03-06')
  // Rotate the sandbox's accepted token: the proxy's token is now refused (GHL's 401).
  const refusing = createSandbox({ now: () => NOW, token: 'pit-other-token' })
  const original = sandbox.fetch
  sandbox.fetch = refusing.fetch
  try {
    const res = await book(visitor(7, slot!), 'refused-token-1')
    assert.equal(res.status, 502)
    assert.equal(res.body.error.code, 'upstream_rejected')
  } finally {
    sandbox.fetch = original
  }
  assert.ok(seen.length > 0)
  assert.ok(!seen.some((line) => line.includes(SANDBOX.token)))
})
