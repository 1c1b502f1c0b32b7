/**
 * `GET /metrics` on the whole proxy in front of the GHL sandbox, with prom-client behind the metrics port as the
 * Node entry wires it: each counter moves when its event happens, labels are route templates and bounded values,
 * the token never appears in an answer, and a request without it is refused.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { SANDBOX, type Sandbox } from '../demo/sandbox/index.ts'
import { createPrometheusMetrics } from '../proxy/src/entries/prometheus.ts'
import { NO_METRICS } from '../proxy/src/metrics/metrics.ts'
import { proxyOnSandbox, visitor, type ProxyOnSandboxOptions } from './support/proxy-on-sandbox.ts'

const CAL = SANDBOX.calendars.consultation
const ZONE = 'America/New_York'
// A Monday noon in New York.
const NOW = Date.parse('2026-03-02T17:00:00Z')
const TOKEN = 'metrics-token-0123456789abcdef'

/** The proxy with prom-client metrics and the token, over `options`. */
function withMetrics(options: Partial<ProxyOnSandboxOptions> = {}) {
  const metrics = createPrometheusMetrics()
  const pair = proxyOnSandbox({
    now: NOW,
    ...options,
    proxy: { metrics, metricsToken: TOKEN, ...options.proxy },
  })
  const scrape = async () => {
    const response = await pair.proxy.app.request('/metrics', {
      headers: { authorization: `Bearer ${TOKEN}` },
    })
    assert.equal(response.status, 200)
    assert.match(response.headers.get('content-type')!, /^text\/plain; version=0\.0\.4/)
    const text = await response.text()
    assert.equal(text.includes(TOKEN), false, 'the token is in the metrics')
    return text
  }
  return { ...pair, scrape }
}

/** The sum of the samples of `name` whose labels include `labels` (0 when none). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line)
    if (!match || match[1] !== name) continue
    const held = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    )
    if (Object.entries(labels).every(([key, value]) => held[key] === value)) sum += Number(match[3])
  }
  return sum
}

/** Lets the first create reach GHL, then answers it 502: done, but never heard (see booking-recovery.test.ts). */
function failFirstCreate() {
  let armed = false
  return {
    arm: () => (armed = true),
    intercept: async (request: Request, sandbox: Sandbox) => {
      if (!armed || request.method !== 'POST' || !request.url.endsWith('/calendars/events/appointments'))
        return
      armed = false
      await sandbox.fetch(request)
      return Response.json({ statusCode: 502, message: 'Bad Gateway' }, { status: 502 })
    },
  }
}

describe('/metrics', () => {
  it('is refused without the token or with another one, and never echoes either', async () => {
    const { proxy } = withMetrics()
    const wrong = 'another-token-0123456789abcdef'
    for (const authorization of [undefined, `Bearer ${wrong}`, `Basic ${TOKEN}`, `Bearer ${TOKEN}x`]) {
      const response = await proxy.app.request('/metrics', {
        headers: authorization ? { authorization } : {},
      })
      // 400 for a header that is not a bearer token at all, as Hono's bearerAuth answers it.
      assert.equal(response.status, authorization?.startsWith('Basic') ? 400 : 401, String(authorization))
      const body = await response.text()
      assert.equal(body.includes(TOKEN) || body.includes(wrong), false)
      assert.equal(JSON.parse(body).error.code, 'invalid_request')
    }
  })

  it('is a 404 without a token, and without metrics that can render', async () => {
    const metrics = createPrometheusMetrics()
    const noToken = proxyOnSandbox({ now: NOW, proxy: { metrics } })
    assert.equal((await noToken.proxy.app.request('/metrics')).status, 404)
    const noRender = proxyOnSandbox({ now: NOW, proxy: { metrics: NO_METRICS, metricsToken: TOKEN } })
    const response = await noRender.proxy.app.request('/metrics', {
      headers: { authorization: `Bearer ${TOKEN}` },
    })
    assert.equal(response.status, 404)
  })

  it('counts requests by route template, method and status, never by the path sent', async () => {
    const { proxy, slots, scrape } = withMetrics()
    await slots(CAL, '2026-03-03', '2026-03-09', ZONE)
    await proxy.app.request('/v1/sites/site/calendars/not-listed-calendar-id')
    await proxy.app.request('/no/such/route-with-a-visitor-chosen-name')
    await proxy.app.request('/healthz', { method: 'PROPFIND' })
    const text = await scrape()
    const slotsRoute = '/v1/sites/:site/calendars/:calendarId/slots'
    assert.equal(
      sample(text, 'ghl_booking_requests_total', { route: slotsRoute, method: 'GET', status: '200' }),
      1,
    )
    assert.equal(sample(text, 'ghl_booking_request_duration_seconds_count', { route: slotsRoute }), 1)
    const calendarRoute = '/v1/sites/:site/calendars/:calendarId'
    assert.equal(sample(text, 'ghl_booking_requests_total', { route: calendarRoute, status: '404' }), 1)
    // The made-up path, and PROPFIND, which no route has.
    assert.equal(sample(text, 'ghl_booking_requests_total', { route: 'unmatched', status: '404' }), 2)
    assert.equal(sample(text, 'ghl_booking_requests_total', { method: 'other' }), 1)
    for (const raw of ['not-listed-calendar-id', 'visitor-chosen', 'PROPFIND', CAL]) {
      assert.equal(text.includes(raw), false, `${raw} is a label value`)
    }
  })

  it('counts slot reads as misses, hits and stale answers', async () => {
    const { sandbox, clock, slots, scrape } = withMetrics()
    await slots(CAL, '2026-03-03', '2026-03-09', ZONE)
    let text = await scrape()
    assert.equal(sample(text, 'ghl_booking_slot_reads_total', { result: 'miss' }), 1)
    assert.equal(sample(text, 'ghl_booking_slot_reads_total', { result: 'hit' }), 0)
    await slots(CAL, '2026-03-03', '2026-03-09', ZONE)
    // Another query of the same month: its windows are cached, so it is built without waiting for GHL.
    await slots(CAL, '2026-03-04', '2026-03-10', ZONE)
    text = await scrape()
    assert.equal(sample(text, 'ghl_booking_slot_reads_total', { result: 'hit' }), 2)
    // Past the revalidate window GHL fails: the older slots stand in.
    clock.advance(91_000)
    sandbox.setFaults({ errorRate: 1 })
    const stale = await slots(CAL, '2026-03-03', '2026-03-09', ZONE)
    assert.equal(stale.body.stale, true)
    text = await scrape()
    assert.equal(sample(text, 'ghl_booking_slot_reads_total', { result: 'stale' }), 1)
    assert.equal(sample(text, 'ghl_booking_slot_reads_total', { result: 'miss' }), 1)
  })

  it('counts GHL calls by call and status with their latency, and its 429s', async () => {
    const { sandbox, slots, scrape } = withMetrics()
    sandbox.setFaults({ rateLimitBurst: 1 })
    await slots(CAL, '2026-03-03', '2026-03-09', ZONE)
    const text = await scrape()
    const call = 'GET /calendars/{id}/free-slots'
    assert.ok(sample(text, 'ghl_booking_upstream_requests_total', { call, status: '200' }) >= 1)
    assert.ok(sample(text, 'ghl_booking_upstream_duration_seconds_count', { call, status: '200' }) >= 1)
    assert.equal(sample(text, 'ghl_booking_upstream_requests_total', { status: '429' }), 1)
    assert.equal(sample(text, 'ghl_booking_upstream_rate_limited_total'), 1)
  })

  it('counts callers waiting in the GHL throttle, their waits, and refusals when its queue is full', async () => {
    // One call per window and one caller waiting: a cold slots read needs three calls (calendar, zone, slots).
    const { slots, scrape } = withMetrics({ proxy: { throttleLimit: 1, throttleQueue: 1 } })
    const read = await slots(CAL, '2026-03-03', '2026-03-09', ZONE)
    assert.equal(read.status, 503)
    const text = await scrape()
    assert.equal(sample(text, 'ghl_booking_throttle_wait_seconds_count'), 1)
    assert.equal(sample(text, 'ghl_booking_throttle_wait_seconds_sum'), 10)
    assert.ok(sample(text, 'ghl_booking_throttle_refused_total') >= 1)
    // The waiting caller left the queue.
    assert.equal(sample(text, 'ghl_booking_throttle_queue_depth'), 0)
  })

  it('counts bookings by outcome', async () => {
    const createFails = failFirstCreate()
    const { sandbox, slots, book, scrape } = withMetrics({ intercept: createFails.intercept })
    const free = (await slots(CAL, '2026-03-03', '2026-03-03', ZONE)).body.slots
    assert.ok(free.length >= 3)
    assert.equal((await book(visitor(1, CAL, free[0].start, ZONE), 'booking-key-1')).status, 201)
    assert.equal((await book(visitor(1, CAL, free[0].start, ZONE), 'booking-key-1')).status, 201)
    assert.equal((await book(visitor(2, CAL, free[0].start, ZONE), 'booking-key-2')).status, 409)
    assert.equal(
      (await book({ ...visitor(3, CAL, free[1].start, ZONE), contact: {} } as never, 'booking-key-3')).status,
      400,
    )
    createFails.arm()
    assert.equal((await book(visitor(4, CAL, free[1].start, ZONE), 'booking-key-4')).status, 201)
    sandbox.setFaults({ errorRate: 1 })
    assert.ok((await book(visitor(5, CAL, free[2].start, ZONE), 'booking-key-5')).status >= 500)
    const text = await scrape()
    for (const outcome of ['created', 'replayed', 'slot_taken', 'refused', 'recovered', 'failed']) {
      assert.equal(sample(text, 'ghl_booking_bookings_total', { outcome }), 1, outcome)
    }
  })

  it('counts refusals by the request limits and the booking quotas, by site and limit', async () => {
    const { proxy, slots, book, scrape } = withMetrics({
      site: {
        rateLimit: { site: { limit: 3, windowSeconds: 60 } },
        bookingQuota: { email: { limit: 1, windowSeconds: 3_600 } },
      },
    })
    const free = (await slots(CAL, '2026-03-03', '2026-03-03', ZONE)).body.slots
    assert.equal((await book(visitor(1, CAL, free[0].start, ZONE), 'quota-key-1')).status, 201)
    assert.equal((await book(visitor(1, CAL, free[1].start, ZONE), 'quota-key-2')).status, 429)
    assert.equal((await proxy.app.request('/v1/sites/site/calendars/' + CAL)).status, 429)
    const text = await scrape()
    assert.equal(sample(text, 'ghl_booking_rate_limited_total', { site: 'site', limit: 'booking_quota' }), 1)
    assert.equal(sample(text, 'ghl_booking_rate_limited_total', { site: 'site', limit: 'site' }), 1)
  })
})
