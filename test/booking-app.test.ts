// Bookings and webhooks mounted in the full proxy app (createApp), in front of the GHL sandbox.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import * as v from 'valibot'
import { createSandbox, SANDBOX, SANDBOX_WEBHOOK_PUBLIC_KEY } from '../demo/sandbox/index.ts'
import { createApp } from '../proxy/src/app.ts'
import { bookingRoutes } from '../proxy/src/routes/bookings.ts'
import { createCalendarService } from '../proxy/src/services/calendars/calendar-service.ts'
import { routes } from '../contract/schemas.ts'
import { createGhlClient } from '../proxy/src/ghl/client.ts'
import { createMemoryIdempotencyStore } from '../proxy/src/stores/idempotency-memory.ts'
import { createMemoryRateLimitStore } from '../proxy/src/stores/rate-limit.ts'
import { createSiteRegistry, Site } from '../proxy/src/config/sites.ts'
import { createSlotService } from '../proxy/src/services/slots/slot-service.ts'
import { webhookRoutes } from '../proxy/src/routes/webhooks.ts'

const NOW = Date.parse('2026-03-02T17:00:00Z')
const ORIGIN = 'https://demo.test'
const CAL = SANDBOX.calendars.consultation

function proxy() {
  const clock = () => NOW
  const sandbox = createSandbox({ now: clock })
  const lines: string[] = []
  const log = (entry: object) => lines.push(JSON.stringify(entry))
  const ghl = createGhlClient({
    tokenFor: () => SANDBOX.token,
    baseUrl: 'http://sandbox.test',
    fetch: async (input, init) => sandbox.fetch(new Request(input, init)),
    clock,
    log,
  })
  const calendars = createCalendarService({ ghl, clock })
  const slots = createSlotService({ ghl, calendars, clock })
  const site = v.parse(Site, {
    id: 'demo',
    locationId: SANDBOX.locationId,
    calendars: [CAL],
    origins: [ORIGIN],
  })
  const app = createApp({
    sites: createSiteRegistry([site]),
    calendars,
    slots,
    rateLimitStore: createMemoryRateLimitStore({ clock }),
    clock,
    log,
    bookings: bookingRoutes({
      ghl,
      calendars,
      slots,
      idempotency: createMemoryIdempotencyStore({ clock }),
      clock,
      log,
    }),
    webhooks: webhookRoutes({ slots, clock, publicKey: SANDBOX_WEBHOOK_PUBLIC_KEY, log }),
  })
  return { app, sandbox, lines }
}

test('createApp: a booking from an allowed origin, with CORS, and the webhook route mounted', async () => {
  const { app, sandbox, lines } = proxy()
  const preflight = await app.request(routes.bookings('demo'), {
    method: 'OPTIONS',
    headers: {
      Origin: ORIGIN,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'content-type,idempotency-key',
    },
  })
  assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /idempotency-key/i)

  const slotsRes = await app.request(
    `${routes.slots('demo', CAL)}?from=2026-03-03&to=2026-03-03&timeZone=UTC`,
    {
      headers: { Origin: ORIGIN },
    },
  )
  const [slot] = (await slotsRes.json()).slots
  const res = await app.request(routes.bookings('demo'), {
    method: 'POST',
    headers: { Origin: ORIGIN, 'content-type': 'application/json', 'idempotency-key': 'app-test-key-1' },
    body: JSON.stringify({
      calendarId: CAL,
      start: slot.start,
      timeZone: 'UTC',
      contact: { firstName: 'Ada', lastName: 'L', email: 'ada@example.com' },
    }),
  })
  assert.equal(res.status, 201)
  assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN)
  assert.equal((await res.json()).start, slot.start)
  assert.equal(sandbox.appointments().length, 1)

  const foreign = await app.request(routes.bookings('demo'), {
    method: 'POST',
    headers: {
      Origin: 'https://evil.test',
      'content-type': 'application/json',
      'idempotency-key': 'app-test-key-2',
    },
    body: '{}',
  })
  assert.equal(foreign.status, 403)

  const unsigned = await app.request('/v1/webhooks/ghl', { method: 'POST', body: '{}' })
  assert.equal(unsigned.status, 401)
  assert.ok(lines.length > 0 && !lines.some((line) => line.includes(SANDBOX.token)))
})
