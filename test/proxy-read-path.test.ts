// The proxy's read path end to end: createApp (via buildProxy) in front of the GHL sandbox, reached through msw.
import assert from 'node:assert/strict'
import { after, afterEach, before, test } from 'node:test'
import { setupServer } from 'msw/node'
import * as v from 'valibot'
import { createSandbox, SANDBOX } from '../demo/sandbox/index.ts'
import { GHL_BASE_URL, sandboxHandlers } from '../demo/sandbox/msw.ts'
import { manualClock } from '../demo/sandbox/testing.ts'
import { CalendarInfo, routes, SlotsResponse } from '../contract/schemas.ts'
import { createJsonLogger } from '../proxy/src/logger.ts'
import { buildProxy } from '../proxy/src/proxy.ts'
import { Site, type SiteInput } from '../proxy/src/config/sites.ts'

const ORIGIN = 'https://www.acme.test'
const CAL = SANDBOX.calendars.consultation
const clock = manualClock('2026-03-02T17:00:00Z')
const sandbox = createSandbox({ now: clock })
const server = setupServer(...sandboxHandlers(sandbox, GHL_BASE_URL))
/** Every response and log line of this file, searched for the token at the end. */
const seen: string[] = []

before(() =>
  server.listen({
    onUnhandledRequest(request, print) {
      if (['127.0.0.1', 'localhost'].includes(new URL(request.url).hostname)) return
      print.error()
    },
  }),
)
afterEach(() => sandbox.reset())
after(() => {
  server.close()
  sandbox.close()
})

function proxy(site: Partial<SiteInput> = {}) {
  const sites = [
    v.parse(Site, {
      id: 'acme',
      locationId: SANDBOX.locationId,
      calendars: [CAL],
      origins: [ORIGIN],
      ...site,
    }),
  ]
  return buildProxy({
    sites,
    tokenFor: () => SANDBOX.token,
    ghlApiBase: GHL_BASE_URL,
    clock,
    sleep: async () => {},
    log: createJsonLogger({ write: (line) => seen.push(line), clock }),
    clientIp: (c) => c.req.header('x-test-ip'),
  })
}

async function get(app: ReturnType<typeof proxy>['app'], path: string, headers: Record<string, string> = {}) {
  const response = await app.request(path, { headers: { Origin: ORIGIN, ...headers } })
  const text = await response.text()
  seen.push(text, JSON.stringify([...response.headers]))
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined }
}

const freeSlotCalls = () => sandbox.requests().filter((r) => r.path.endsWith('/free-slots'))
const slotsPath = (q: string, cal: string = CAL) => `${routes.slots('acme', cal)}?${q}`

test('calendar details: name, duration and the location zone', async () => {
  const { app } = proxy()
  const { status, body, headers } = await get(app, routes.calendar('acme', CAL))
  assert.equal(status, 200)
  const info = v.parse(CalendarInfo, body)
  assert.equal(info.timeZone, SANDBOX.timeZone)
  assert.equal(info.durationMinutes, 30)
  assert.match(headers.get('cache-control') ?? '', /max-age=300/)
})

test('100 concurrent identical slot requests make one upstream call', async () => {
  const { app } = proxy()
  const results = await Promise.all(
    Array.from({ length: 100 }, () =>
      get(app, slotsPath('from=2026-03-09&to=2026-03-13&timeZone=America/New_York')),
    ),
  )
  assert.ok(results.every((r) => r.status === 200))
  const body = v.parse(SlotsResponse, results[0]!.body)
  assert.ok(body.slots.length > 0)
  // Each slot ends a slot duration after its start, and the start is the sandbox's own string.
  const first = body.slots[0]!
  assert.equal(Date.parse(first.end) - Date.parse(first.start), 30 * 60_000)
  assert.match(first.start, /^2026-03-09T\d{2}:\d{2}:00[+-]\d{2}:\d{2}$/)
  assert.equal(freeSlotCalls().length, 1)
})

test('TTL: fresh for a minute, then GHL is asked again', async () => {
  const { app } = proxy()
  const path = slotsPath('from=2026-03-09&to=2026-03-13&timeZone=America/New_York')
  await get(app, path)
  clock.advance(50_000)
  await get(app, path)
  assert.equal(freeSlotCalls().length, 1)
  clock.advance(100_000) // past TTL and the revalidate window
  await get(app, path)
  assert.equal(freeSlotCalls().length, 2)
})

test('stale-if-error: cached slots are served, marked stale, when GHL fails', async () => {
  const { app } = proxy()
  const path = slotsPath('from=2026-03-09&to=2026-03-13&timeZone=America/New_York')
  const fresh = await get(app, path)
  clock.advance(120_000)
  sandbox.setFaults({ errorRate: 1 })
  const stale = await get(app, path)
  assert.equal(stale.status, 200, JSON.stringify(stale.body))
  assert.equal(stale.body.stale, true)
  assert.equal(stale.headers.get('x-slots-stale'), '1')
  assert.equal(stale.headers.get('cache-control'), 'no-cache')
  assert.deepEqual(
    stale.body.slots,
    fresh.body.slots.filter((s: { start: string }) => Date.parse(s.start) > clock()),
  )
  // With nothing cached, the same failure is a clear 5xx.
  const none = await get(app, slotsPath('from=2026-04-06&to=2026-04-07&timeZone=America/New_York'))
  assert.equal(none.status, 502)
  assert.equal(none.body.error.code, 'upstream_unavailable')
})

test('visitors in three zones share one upstream call per window', async () => {
  const { app } = proxy()
  for (const zone of ['America/Los_Angeles', 'Europe/Berlin', 'Asia/Tokyo']) {
    const { status, body } = await get(app, slotsPath(`from=2026-03-10&to=2026-03-20&timeZone=${zone}`))
    assert.equal(status, 200)
    assert.ok(body.slots.length > 0)
  }
  assert.equal(freeSlotCalls().length, 1)
  // A range across a month boundary of the location needs that month's window too: one more call, once.
  await get(app, slotsPath('from=2026-03-28&to=2026-04-03&timeZone=Asia/Tokyo'))
  await get(app, slotsPath('from=2026-03-28&to=2026-04-03&timeZone=America/Los_Angeles'))
  assert.equal(freeSlotCalls().length, 2)
})

test('slots are filtered by the visitor local dates', async () => {
  const { app } = proxy()
  const { body } = await get(app, slotsPath('from=2026-03-10&to=2026-03-10&timeZone=Asia/Tokyo'))
  const tokyoDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' })
  assert.ok(body.slots.length > 0)
  for (const slot of body.slots) assert.equal(tokyoDate.format(Date.parse(slot.start)), '2026-03-10')
})

test('unknown site, unknown calendar and malformed queries never reach GHL', async () => {
  const { app } = proxy()
  const unknownSite = await get(
    app,
    routes.slots('nope', CAL) + '?from=2026-03-09&to=2026-03-10&timeZone=UTC',
  )
  assert.equal(unknownSite.status, 404)
  assert.equal(unknownSite.body.error.code, 'unknown_site')
  const unlisted = await get(app, routes.calendar('acme', SANDBOX.calendars.session))
  assert.equal(unlisted.status, 404)
  assert.equal(unlisted.body.error.code, 'unknown_calendar')
  for (const query of [
    'from=2026-03-09&timeZone=UTC',
    'from=2026-02-30&to=2026-03-02&timeZone=UTC',
    'from=2026-03-09&to=2026-03-01&timeZone=UTC',
    'from=2026-03-01&to=2026-06-01&timeZone=UTC',
    'from=2026-03-09&to=2026-03-10&timeZone=Mars/Olympus',
    'from=2020-03-09&to=2020-03-10&timeZone=UTC',
  ]) {
    const bad = await get(app, slotsPath(query))
    assert.equal(bad.status, 400, query)
    assert.equal(bad.body.error.code, 'invalid_request')
    assert.ok(bad.body.error.issues.length > 0, query)
  }
  assert.equal(sandbox.requests().length, 0)
})

test('CORS: exactly the site origins, preflight included; other origins get a readable 403', async () => {
  const { app } = proxy()
  const preflight = await app.request(routes.bookings('acme'), {
    method: 'OPTIONS',
    headers: {
      Origin: ORIGIN,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'content-type,idempotency-key',
    },
  })
  assert.equal(preflight.status, 204)
  assert.equal(preflight.headers.get('access-control-allow-origin'), ORIGIN)
  assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /Idempotency-Key/i)

  const allowed = await get(app, routes.calendar('acme', CAL))
  assert.equal(allowed.headers.get('access-control-allow-origin'), ORIGIN)
  const upstreamSoFar = sandbox.requests().length

  const denied = await get(app, routes.calendar('acme', CAL), { Origin: 'https://evil.test' })
  assert.equal(denied.status, 403)
  assert.equal(denied.body.error.code, 'origin_not_allowed')
  // Readable, so the widget can say why; but never granted to that origin, nor with credentials.
  assert.equal(denied.headers.get('access-control-allow-origin'), '*')
  assert.equal(denied.headers.get('access-control-allow-credentials'), null)
  const deniedPreflight = await app.request(routes.bookings('acme'), {
    method: 'OPTIONS',
    headers: { Origin: 'https://evil.test', 'Access-Control-Request-Method': 'POST' },
  })
  // A preflight that is not a 2xx fails in the browser: the POST is never sent.
  assert.equal(deniedPreflight.status, 403)
  assert.equal(sandbox.requests().length, upstreamSoFar)
})

test('per-site limit: 429 rate_limited with Retry-After and the RateLimit headers', async () => {
  const { app } = proxy({ rateLimit: { site: { limit: 3, windowSeconds: 60 } } })
  const path = routes.calendar('acme', CAL)
  const ok = await get(app, path)
  assert.equal(ok.headers.get('ratelimit-policy'), '"site";q=3;w=60')
  assert.match(ok.headers.get('ratelimit') ?? '', /^"site";r=2;t=\d+$/)
  await get(app, path)
  await get(app, path)
  const limited = await get(app, path)
  assert.equal(limited.status, 429)
  assert.equal(limited.body.error.code, 'rate_limited')
  assert.ok(Number(limited.headers.get('retry-after')) > 0)
  assert.match(limited.headers.get('ratelimit') ?? '', /^"site";r=0;t=\d+$/)
  // The limit answer is still readable by the page.
  assert.equal(limited.headers.get('access-control-allow-origin'), ORIGIN)
  clock.advance(60_000)
  assert.equal((await get(app, path)).status, 200)
})

test('per-visitor limit: one IP is limited, another is not', async () => {
  const { app } = proxy({ rateLimit: { visitor: { limit: 2, windowSeconds: 10 } } })
  const path = routes.calendar('acme', CAL)
  const a = { 'x-test-ip': '203.0.113.1' }
  const first = await get(app, path, a)
  assert.equal(first.headers.get('ratelimit-policy'), '"site";q=600;w=60, "visitor";q=2;w=10')
  assert.match(first.headers.get('ratelimit') ?? '', /^"visitor";r=1;/)
  await get(app, path, a)
  const limited = await get(app, path, a)
  assert.equal(limited.status, 429)
  assert.ok(Number(limited.headers.get('retry-after')) <= 10)
  assert.equal((await get(app, path, { 'x-test-ip': '203.0.113.2' })).status, 200)
})

test('the token never appears in a response or a log line', () => {
  assert.ok(seen.length > 100)
  const leaks = seen.filter((text) => text.includes(SANDBOX.token))
  assert.deepEqual(leaks, [])
  assert.ok(seen.some((line) => line.includes('"msg":"request"')))
})
