// Loads that outlive a read's answer are handed to the runtime's waitUntil (the execution context `app.fetch` is
// given on Workers), so an edge runtime does not end them with the request: the reload behind a stale answer, one
// still running when a stale answer stood in for it, and the calendar's own background refresh.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { ExecutionContext } from 'hono'
import { routes } from '../../../contract/schemas.ts'
import { FAKE } from '../../../test/support/fake-ghl.ts'
import { createFakeProxy, FAKE_ORIGIN } from '../../../test/support/fake-proxy.ts'

const WEEK = `${routes.slots('acme', FAKE.calendarId)}?from=2026-03-09&to=2026-03-15&timeZone=Europe/Berlin`

function setup() {
  let now = Date.parse('2026-03-02T17:00:00Z')
  const { proxy, ghl } = createFakeProxy({ clock: () => now })
  /** A request with an execution context of its own, and the work it was handed. */
  const request = async (path: string) => {
    const handed: Promise<unknown>[] = []
    const context: ExecutionContext = {
      waitUntil: (work) => void handed.push(work),
      passThroughOnException: () => {},
      props: {},
    }
    const response = await proxy.app.request(path, { headers: { Origin: FAKE_ORIGIN } }, undefined, context)
    return { response, handed }
  }
  const slotCalls = () => ghl.callsTo(/free-slots$/).length
  return { ghl, request, slotCalls, advance: (ms: number) => (now += ms) }
}

test('a cached read hands nothing over', async () => {
  const { request } = setup()
  await request(WEEK)
  const { response, handed } = await request(WEEK)
  assert.equal(response.status, 200)
  assert.deepEqual(handed, [])
})

test('stale-while-revalidate: the reload behind the answer goes to the request’s waitUntil', async () => {
  const { ghl, request, slotCalls, advance } = setup()
  const before = await (await request(WEEK)).response.json()
  ghl.respond((call) => (call.path.endsWith('/free-slots') ? Response.json({}) : undefined))
  advance(61_000) // past the TTL, within the revalidate window
  const { response, handed } = await request(WEEK)
  assert.deepEqual(await response.json(), before, 'the cached slots at once')
  assert.equal(handed.length, 1)
  await Promise.all(handed)
  assert.equal(slotCalls(), 2)
  assert.deepEqual((await (await request(WEEK)).response.json()).slots, [])
})

test('a reload that outlives the stale answer standing in for it goes on in waitUntil', async () => {
  const { ghl, request, advance } = setup()
  await request(WEEK)
  let answer: () => void = () => {}
  ghl.respond((call) =>
    call.path.endsWith('/free-slots')
      ? new Promise<Response>((resolve) => (answer = () => resolve(Response.json({}))))
      : undefined,
  )
  advance(120_000) // past the revalidate window: the read waits half a second, then takes the stale slots
  const { response, handed } = await request(WEEK)
  assert.equal(response.headers.get('x-slots-stale'), '1')
  assert.equal(handed.length, 1)
  let settled = false
  void handed[0]!.then(() => (settled = true))
  await new Promise((resolve) => setImmediate(resolve))
  assert.equal(settled, false, 'the reload is still running')
  answer()
  await handed[0]
  assert.deepEqual((await (await request(WEEK)).response.json()).slots, [])
})

test('the calendar’s background refresh goes to waitUntil', async () => {
  const { ghl, request, advance } = setup()
  const path = routes.calendar('acme', FAKE.calendarId)
  await request(path)
  const calls = ghl.callsTo(/calendars\/[^/]+$/).length
  advance(301_000) // past the calendar's five minutes, within its revalidate window
  const { response, handed } = await request(path)
  assert.equal(response.status, 200)
  assert.ok(handed.length >= 1)
  await Promise.all(handed)
  assert.equal(ghl.callsTo(/calendars\/[^/]+$/).length, calls + 1)
})
