// Booking quotas through the whole proxy on the GHL sandbox: one address, or one e-mail address, cannot book out a
// calendar. Only bookings that were made count; the one over the quota is a 429 that reaches nothing in GHL.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SANDBOX } from '../demo/sandbox/index.ts'
import { routes, type BookingRequestInput } from '../contract/schemas.ts'
import { ORIGIN, proxyOnSandbox, visitor } from './support/proxy-on-sandbox.ts'

// A Monday noon in New York; the consultation calendar has a free half hour every 30 min, 9-17 on weekdays.
const NOW = Date.parse('2026-03-02T17:00:00Z')
const CAL = SANDBOX.calendars.consultation
const ZONE = 'America/New_York'

/** The n-th free half hour from Tuesday 9:00 on. */
const slot = (n: number) => {
  const day = 3 + Math.floor(n / 16)
  const minutes = 9 * 60 + (n % 16) * 30
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0')
  return `2026-03-${String(day).padStart(2, '0')}T${hh}:${minutes % 60 === 0 ? '00' : '30'}:00-05:00`
}

/** The proxy on the sandbox, its visitor address taken from a test header (as a trusted proxy would send it). */
function harness(
  site: Parameters<typeof proxyOnSandbox>[0]['site'] = {},
  intercept?: Parameters<typeof proxyOnSandbox>[0]['intercept'],
) {
  const pair = proxyOnSandbox({
    now: NOW,
    site,
    intercept,
    proxy: { clientIp: (c) => c.req.header('x-test-visitor') },
  })
  const book = async (body: BookingRequestInput, key: string, ip = '198.51.100.7') => {
    const response = await pair.proxy.app.request(routes.bookings(pair.site.id), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': key,
        origin: ORIGIN,
        'x-test-visitor': ip,
      },
      body: JSON.stringify(body),
    })
    return { status: response.status, headers: response.headers, body: await response.json() }
  }
  return { ...pair, book }
}

test('one address: 3 bookings an hour by default, the 4th is a 429 with Retry-After that reaches no GHL', async () => {
  const { sandbox, book } = harness()
  for (let n = 0; n < 3; n++) {
    const res = await book(visitor(n, CAL, slot(n), ZONE), `address-quota-${n}`)
    assert.equal(res.status, 201, JSON.stringify(res.body))
  }
  const before = sandbox.requests().length
  const fourth = await book(visitor(3, CAL, slot(3), ZONE), 'address-quota-3')
  assert.equal(fourth.status, 429)
  assert.equal(fourth.body.error.code, 'rate_limited')
  assert.match(fourth.body.error.message, /at most 3 bookings from one address in an hour/)
  assert.equal(fourth.headers.get('retry-after'), '3600')
  // Only the slot check's read of the day (the last booking emptied the cache): nothing reached GHL's writes.
  const calls = sandbox.requests().slice(before)
  assert.deepEqual(
    calls.map((c) => `${c.method} ${c.path}`),
    [`GET /calendars/${CAL}/free-slots`],
  )
  assert.equal(sandbox.appointments().length, 3)
  // Another address books on.
  assert.equal((await book(visitor(4, CAL, slot(4), ZONE), 'address-quota-4', '192.0.2.1')).status, 201)
})

test('one e-mail address: 2 bookings a day by default, whatever its case and spaces, from any address', async () => {
  const { sandbox, book } = harness()
  const as = (n: number, email: string) =>
    visitor(n, CAL, slot(n), ZONE, { contact: { firstName: 'Ada', lastName: 'Lovelace', email } })
  assert.equal((await book(as(0, 'ada@example.com'), 'email-quota-0', '192.0.2.1')).status, 201)
  assert.equal((await book(as(1, ' ADA@Example.com '), 'email-quota-1', '192.0.2.2')).status, 201)
  const third = await book(as(2, 'Ada@example.COM'), 'email-quota-2', '192.0.2.3')
  assert.equal(third.status, 429)
  assert.match(third.body.error.message, /at most 2 bookings for one e-mail address in a day/)
  assert.equal(third.headers.get('retry-after'), '86400')
  assert.equal(sandbox.appointments().length, 2)
})

test('attempts that make no booking do not count: taken times and refused fields', async () => {
  const { sandbox, book } = harness()
  assert.equal((await book(visitor(0, CAL, slot(0), ZONE), 'not-counted-0')).status, 201)
  for (let i = 0; i < 5; i++) {
    // The time she just booked, under new keys and other names: 409 each time.
    const res = await book(visitor(10 + i, CAL, slot(0), ZONE), `not-counted-taken-${i}`)
    assert.equal(res.status, 409)
  }
  const invalid = await book(
    visitor(20, CAL, slot(1), ZONE, { contact: { firstName: '', lastName: 'X', email: 'x@example.com' } }),
    'not-counted-invalid',
  )
  assert.equal(invalid.status, 400)
  for (let n = 1; n < 3; n++) {
    assert.equal((await book(visitor(n, CAL, slot(n), ZONE), `not-counted-${n}`)).status, 201)
  }
  assert.equal((await book(visitor(3, CAL, slot(3), ZONE), 'not-counted-3')).status, 429)
  assert.equal(sandbox.appointments().length, 3)
})

test('a burst from one address: of 12 concurrent bookings of free times, exactly 3 are made', async () => {
  const { sandbox, book } = harness()
  const answers = await Promise.all(
    Array.from({ length: 12 }, (_, n) => book(visitor(n, CAL, slot(n), ZONE), `burst-quota-${n}`)),
  )
  const statuses = answers.map((a) => a.status).sort()
  assert.deepEqual(statuses, [201, 201, 201, ...Array(9).fill(429)])
  assert.equal(sandbox.appointments().length, 3)
})

test('the site’s own quotas from the sites file', async () => {
  const { book } = harness({
    bookingQuota: { visitor: { limit: 1, windowSeconds: 600 }, email: { limit: 5, windowSeconds: 3_600 } },
  })
  assert.equal((await book(visitor(0, CAL, slot(0), ZONE), 'site-quota-0')).status, 201)
  const second = await book(visitor(1, CAL, slot(1), ZONE), 'site-quota-1')
  assert.equal(second.status, 429)
  assert.match(second.body.error.message, /at most 1 booking from one address in 10 minutes/)
  assert.equal(second.headers.get('retry-after'), '600')
})

test('a replay of a made booking under its key is not a new booking and is never refused', async () => {
  const { book } = harness({ bookingQuota: { visitor: { limit: 1, windowSeconds: 600 } } })
  const first = await book(visitor(0, CAL, slot(0), ZONE), 'replayed-key-0')
  const again = await book(visitor(0, CAL, slot(0), ZONE), 'replayed-key-0')
  assert.equal(again.status, 201)
  assert.equal(again.headers.get('idempotent-replayed'), 'true')
  assert.deepEqual(again.body, first.body)
})

test('a made-up start holds no quota, not even while GHL is asked about it', async () => {
  // GHL's answer about the made-up start's day waits until the real booking is done.
  let reached!: () => void
  const asked = new Promise<void>((resolve) => (reached = resolve))
  let answer!: () => void
  const held = new Promise<void>((resolve) => (answer = resolve))
  const { book, slots, clock } = harness(
    { bookingQuota: { email: { limit: 1, windowSeconds: 86_400 } } },
    async (request) => {
      const url = new URL(request.url)
      const span = Number(url.searchParams.get('endDate')) - Number(url.searchParams.get('startDate'))
      if (!url.pathname.endsWith('/free-slots') || span > 86_400_000) return undefined
      reached()
      await held
      return undefined
    },
  )
  const ada = (n: number, start: string) =>
    visitor(n, CAL, start, ZONE, { contact: { firstName: 'Ada', lastName: 'L', email: 'ada@example.com' } })
  // The month is cached, then old enough that a start it does not hold is checked with GHL.
  assert.equal((await slots(CAL, '2026-03-01', '2026-03-31', ZONE)).status, 200)
  clock.advance(11_000)
  // Someone books 10:07 in Ada's name: not a slot, and the cache does not know it, so GHL is asked.
  const fake = book(ada(0, '2026-03-03T10:07:00-05:00'), 'in-her-name-1', '192.0.2.66')
  await asked
  const real = await book(ada(1, slot(0)), 'her-own-booking-1', '192.0.2.1')
  assert.equal(real.status, 201, JSON.stringify(real.body))
  answer()
  const refused = await fake
  assert.equal(refused.status, 409, JSON.stringify(refused.body))
})
