/**
 * The proxy's behaviour on one runtime: the same cases run against Node, workerd, Deno and Bun (each adapter calls
 * {@link behaviourSuite}), so a runtime that breaks timers, background work or Web APIs fails here by name.
 */
import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import { SANDBOX } from '../../demo/sandbox/index.ts'
import { CATALOGS } from '../../contract/catalogs.ts'
import { routes } from '../../contract/schemas.ts'
import { visitor } from '../support/proxy-on-sandbox.ts'
import { READ_TIMEOUT_MS, SUITE_ORIGIN, SUITE_SITE, THROTTLE, type RuntimeTarget } from './target.ts'

const CAL = SANDBOX.calendars.consultation
const ZONE = SANDBOX.timeZone
/** Days after TEST_NOW (a Wednesday in April 2027) with free slots. */
const WEEK = { from: '2027-04-15', to: '2027-04-21' }
const WIDGET_FILE = new URL('../../dist/widget.js', import.meta.url)

/** Registers the suite for `name`; `start` builds the target once, before the first case. */
export function behaviourSuite(name: string, start: () => Promise<RuntimeTarget>) {
  describe(`behaviour on ${name}`, { timeout: 120_000 }, () => {
    let target: RuntimeTarget
    before(async () => {
      target = await start()
    })
    after(async () => {
      await target?.close()
    })

    const json = async (response: Response) => ({
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as any,
    })
    const get = (path: string, headers: Record<string, string> = {}) =>
      target.fetch(path, { headers: { origin: SUITE_ORIGIN, ...headers } })
    const slots = async (calendarId: string, from: string, to: string) =>
      json(
        await get(
          `${routes.slots(SUITE_SITE, calendarId)}?${new URLSearchParams({ from, to, timeZone: ZONE })}`,
        ),
      )
    const book = async (n: number, start: string, key: string) =>
      json(
        await target.fetch(routes.bookings(SUITE_SITE), {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': key, origin: SUITE_ORIGIN },
          body: JSON.stringify(visitor(n, CAL, start, ZONE)),
        }),
      )
    const freeStarts = async () => {
      const { status, body } = await slots(CAL, WEEK.from, WEEK.to)
      assert.equal(status, 200)
      return (body.slots as { start: string }[]).map((slot) => slot.start)
    }

    test('calendar: the details the widget shows', async () => {
      const { status, body } = await json(await get(routes.calendar(SUITE_SITE, CAL)))
      assert.equal(status, 200)
      assert.equal(body.id, CAL)
      assert.equal(body.timeZone, ZONE)
      assert.equal(body.durationMinutes, 30)
    })

    test('slots: a week of free times in the visitor zone', async () => {
      const { status, headers, body } = await slots(CAL, WEEK.from, WEEK.to)
      assert.equal(status, 200)
      assert.ok(body.slots.length > 10, `${body.slots.length} slots`)
      assert.match(headers.get('etag') ?? '', /^"/)
      assert.equal(body.timeZone, ZONE)
    })

    test('a booking, and its retry with the same key, make one appointment', async () => {
      const [start] = await freeStarts()
      const before = target.sandbox.appointments().length
      const first = await book(1, start!, 'key-retry-1')
      assert.equal(first.status, 201, JSON.stringify(first.body))
      const retry = await book(1, start!, 'key-retry-1')
      assert.equal(retry.status, 201)
      assert.equal(retry.body.id, first.body.id)
      assert.equal(target.sandbox.appointments().length, before + 1)
      assert.ok(!(await freeStarts()).includes(start!), 'the booked slot is no longer offered')
    })

    test('a slot-taken race: two visitors, one slot, one booking', async () => {
      const [start] = await freeStarts()
      const answers = await Promise.all([book(2, start!, 'key-race-2'), book(3, start!, 'key-race-3')])
      assert.deepEqual(answers.map((a) => a.status).sort(), [201, 409])
      assert.equal(answers.find((a) => a.status === 409)!.body.error.code, 'slot_taken')
      const atStart = target.sandbox
        .appointments()
        .filter((a) => Date.parse(a.startTime) === Date.parse(start!))
      assert.equal(atStart.length, 1)
    })

    test('CORS: a listed origin is allowed, preflight included; another is refused', async () => {
      const allowed = await get(routes.calendar(SUITE_SITE, CAL))
      assert.equal(allowed.headers.get('access-control-allow-origin'), SUITE_ORIGIN)
      await allowed.body?.cancel()
      const preflight = await target.fetch(routes.bookings(SUITE_SITE), {
        method: 'OPTIONS',
        headers: {
          origin: SUITE_ORIGIN,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type, idempotency-key',
        },
      })
      assert.equal(preflight.status, 204)
      assert.equal(preflight.headers.get('access-control-allow-origin'), SUITE_ORIGIN)
      assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /POST/)
      await preflight.body?.cancel()
      const refused = await json(await get(routes.calendar(SUITE_SITE, CAL), { origin: 'https://evil.test' }))
      assert.equal(refused.status, 403)
      assert.equal(refused.body.error.code, 'origin_not_allowed')
      // The refusal is readable by the page (so the widget can say why), but grants that origin nothing.
      assert.notEqual(refused.headers.get('access-control-allow-origin'), 'https://evil.test')
      assert.equal(refused.headers.get('access-control-allow-credentials'), null)
    })

    test('a signed webhook from GHL invalidates the cached slots', async () => {
      const bookInside = async (startTime: string) => {
        const response = await target.sandbox.fetch(
          new Request('http://sandbox.test/_sandbox/appointments', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ calendarId: CAL, startTime }),
          }),
        )
        assert.equal(response.status, 201)
        await target.sandbox.settle()
      }
      const [first, second] = (await freeStarts()).slice(-2)
      // Without a webhook the cache still offers a slot booked inside GHL: the cache is what the webhook clears.
      target.sandbox.setWebhook(undefined)
      await bookInside(first!)
      assert.ok((await freeStarts()).includes(first!), 'the cached answer still offers it')
      target.sandbox.setWebhook({
        url: 'http://proxy.test/v1/webhooks/ghl',
        fetch: (_input, init) => target.fetch('/v1/webhooks/ghl', init),
      })
      await bookInside(second!)
      target.sandbox.setWebhook(undefined)
      const delivery = target.sandbox.webhookDeliveries().at(-1)
      assert.equal(delivery?.status, 200, JSON.stringify(delivery))
      const now = await freeStarts()
      assert.ok(!now.includes(first!) && !now.includes(second!), 'both slots are gone')
    })

    test('a deadline that fires: a read GHL does not answer in time is a 504 with Retry-After', async () => {
      target.sandbox.setFaults({ latencyMs: READ_TIMEOUT_MS + 3_500 })
      try {
        const started = performance.now()
        const answer = await slots(SANDBOX.calendars.session, WEEK.from, WEEK.to)
        const took = performance.now() - started
        assert.equal(answer.status, 504, JSON.stringify(answer.body))
        assert.equal(answer.body.error.code, 'upstream_unavailable')
        assert.ok(answer.headers.get('retry-after'))
        // Answered at the read deadline, not when GHL finally answered.
        assert.ok(
          took >= READ_TIMEOUT_MS - 50 && took < READ_TIMEOUT_MS + 3_000,
          `took ${Math.round(took)} ms`,
        )
      } finally {
        target.sandbox.setFaults({ latencyMs: 0 })
      }
    })

    test('a queued throttle drains: GHL calls beyond the limit wait their turn, and every read is answered', async () => {
      const calendars = [SANDBOX.calendars.team, SANDBOX.calendars.groupClass]
      const days = ['2027-04-20', '2027-05-12']
      const since = target.arrivals.length
      const answers = await Promise.all(
        calendars.flatMap((calendarId) => days.map((day) => slots(calendarId, day, day))),
      )
      assert.deepEqual(
        answers.map((a) => a.status),
        [200, 200, 200, 200],
        JSON.stringify(answers.map((a) => a.body)),
      )
      const calls = target.arrivals.slice(since)
      // Two calendars' details and four month windows: six calls, at most two per window.
      assert.ok(calls.length >= 6, calls.map((c) => c.call).join(', '))
      const span = calls.at(-1)!.at - calls[0]!.at
      assert.ok(span >= 2 * THROTTLE.windowMs - 100, `the calls spanned ${Math.round(span)} ms`)
    })

    test('widget.js and locale files: caching, CORS and encoding as on Node', async (t) => {
      const locale = await target.fetch('/widget/locales/es.json')
      assert.equal(locale.status, 200)
      assert.equal(locale.headers.get('access-control-allow-origin'), '*')
      assert.equal(locale.headers.get('cache-control'), 'public, max-age=300, stale-while-revalidate=86400')
      assert.deepEqual(await locale.json(), CATALOGS.es)
      const unknown = await target.fetch('/widget/locales/xx.json')
      assert.equal(unknown.status, 404)
      await unknown.body?.cancel()
      if (!existsSync(WIDGET_FILE)) return t.skip('dist/widget.js is not built (npm run build)')
      const widget = await target.fetch('/widget.js', { headers: { 'accept-encoding': 'gzip' } })
      assert.equal(widget.status, 200)
      assert.equal(widget.headers.get('content-encoding'), 'gzip')
      assert.match(widget.headers.get('vary') ?? '', /Accept-Encoding/i)
      assert.equal(widget.headers.get('access-control-allow-origin'), '*')
      assert.equal(widget.headers.get('cache-control'), 'public, max-age=300, stale-while-revalidate=86400')
      assert.match(widget.headers.get('content-type') ?? '', /^text\/javascript/)
      const etag = widget.headers.get('etag')!
      await widget.arrayBuffer()
      const again = await target.fetch('/widget.js', {
        headers: { 'accept-encoding': 'gzip', 'if-none-match': etag },
      })
      assert.equal(again.status, 304)
      await again.body?.cancel()
      // The modules widget.js loads after the first screen: content-hashed, so cached for a year.
      const [module] = readdirSync(new URL('widget/', WIDGET_FILE)).filter((name) => name.endsWith('.js'))
      assert.ok(module, 'the build made the modules widget.js loads later')
      const later = await target.fetch(`/widget/${module}`)
      assert.equal(later.status, 200)
      assert.equal(later.headers.get('access-control-allow-origin'), '*')
      assert.equal(later.headers.get('cache-control'), 'public, max-age=31536000, immutable')
      assert.equal(await later.text(), readFileSync(new URL(`widget/${module}`, WIDGET_FILE), 'utf8'))
      const madeUp = await target.fetch('/widget/widget-nothere.js')
      assert.equal(madeUp.status, 404)
      await madeUp.body?.cancel()
    })
  })
}
