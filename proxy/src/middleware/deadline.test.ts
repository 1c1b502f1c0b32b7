// The request deadline: late requests fail with a 504, each on a timer of its own, and quick ones leave no timer
// behind.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Hono } from 'hono'
import * as v from 'valibot'
import { createApp } from '../app.ts'
import { createMemoryRateLimitStore } from '../stores/rate-limit.ts'
import { createSiteRegistry, Site } from '../config/sites.ts'
import type { CalendarService, SlotReplies } from '../types.ts'
import { deadline } from './deadline.ts'
import { ProxyError } from '../errors.ts'
import { installRequestTimers } from '../../../test/support/request-timers.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const never = () => new Promise<never>(() => {})
const liveTimers = () => process.getActiveResourcesInfo().filter((type) => type === 'Timeout').length

function appWith(ms: number) {
  return new Hono()
    .use(deadline({ ms }))
    .get('/wait/:ms', async (c) => {
      await sleep(Number(c.req.param('ms')))
      return c.text('done')
    })
    .get('/never', never)
}

test('a request past its deadline gets a 504; one within it its answer', async () => {
  const app = appWith(40)
  assert.equal((await app.request('/wait/0')).status, 200)
  assert.equal((await app.request('/wait/5')).status, 200)
  const started = performance.now()
  assert.equal((await app.request('/never')).status, 504)
  assert.ok(performance.now() - started >= 39)
})

test('each request has its own deadline, whatever came before or after it', async () => {
  // Wide margins: a loaded machine may take tens of milliseconds to run a 10 ms request.
  const app = appWith(400)
  const finished: string[] = []
  const track = (name: string, response: Promise<Response> | Response) =>
    Promise.resolve(response).then((answer) => (finished.push(name), answer.status))
  const first = track('first', app.request('/never'))
  await sleep(200)
  const startedSecond = performance.now()
  const second = track('second', app.request('/never'))
  assert.equal(await track('quick', app.request('/wait/10')), 200)
  assert.equal(await first, 504)
  assert.equal(await second, 504)
  assert.ok(performance.now() - startedSecond >= 399)
  assert.deepEqual(finished.slice(-2), ['first', 'second'])
})

test('answered requests leave no timer holding the process open', async () => {
  const app = appWith(10_000)
  const before = liveTimers()
  for (let i = 0; i < 20; i++) assert.equal((await app.request('/wait/0')).status, 200)
  await Promise.all(Array.from({ length: 20 }, () => app.request('/wait/0')))
  assert.equal(liveTimers(), before)
})

test('a request’s deadline is its own timer: it fires after the request that came first is over and its timers are gone, as on workerd', async () => {
  const app = appWith(100)
  const realSetTimeout = setTimeout
  const realSleep = (ms: number) => new Promise((resolve) => realSetTimeout(resolve, ms))
  const timers = installRequestTimers()
  try {
    const first = timers.run('first', async () => (await app.request('/wait/20')).status)
    await realSleep(5)
    const second = timers.run('second', async () => (await app.request('/never')).status)
    assert.equal(await first, 200)
    // Bounded by a timer of the test's own: without a deadline of its own the second request never answers.
    const answer = await Promise.race([second, realSleep(3_000).then(() => 'no answer')])
    assert.equal(answer, 504)
    assert.ok(timers.armedBy('first') >= 1 && timers.armedBy('second') >= 1)
  } finally {
    timers.restore()
  }
})

/** The whole app with a 30 ms request deadline, whose calendar details come from `getCalendar`. */
function appWaitingOn(getCalendar: CalendarService['get'], log?: (entry: Record<string, unknown>) => void) {
  const site = v.parse(Site, { id: 'acme', locationId: 'loc-1', calendars: ['cal-1'], origins: [] })
  return createApp({
    sites: createSiteRegistry([site]),
    calendars: { get: getCalendar },
    slots: { get: never, reply: never, invalidate: () => {} } satisfies SlotReplies,
    rateLimitStore: createMemoryRateLimitStore(),
    requestTimeoutMs: 30,
    log,
  })
}

test('the app answers a request stuck on the upstream with 504 upstream_unavailable', async () => {
  const app = appWaitingOn(never)
  const response = await app.request('/v1/sites/acme/calendars/cal-1')
  assert.equal(response.status, 504)
  assert.deepEqual(await response.json(), {
    error: { code: 'upstream_unavailable', message: 'The request took too long. Please try again.' },
  })
  assert.match(response.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/)
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff')
})

test('a handler that fails after its request got the 504 is not logged as a second error', async () => {
  const lines: Record<string, unknown>[] = []
  const failLate = () =>
    sleep(80).then(() => {
      throw new ProxyError(503, 'upstream_unavailable', 'late', { headers: { 'Retry-After': '5' } })
    })
  const app = appWaitingOn(failLate, (entry) => lines.push(entry))
  const response = await app.request('/v1/sites/acme/calendars/cal-1')
  assert.equal(response.status, 504)
  assert.equal(response.headers.get('retry-after'), null)
  await sleep(120)
  const errors = lines.filter((line) => line.msg === 'error')
  assert.deepEqual(
    errors.map((line) => line.code),
    ['upstream_unavailable'],
  )
  assert.equal(errors[0]!.status, 504)
})
