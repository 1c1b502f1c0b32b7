// The cached slots path through the whole app: one body per query, ETag and 304, and answers that follow the
// windows behind them (invalidation, reload, time passing).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import * as v from 'valibot'
import { routes, SlotsResponse } from '../../../contract/schemas.ts'
import { FAKE } from '../../../test/support/fake-ghl.ts'
import { createFakeProxy } from '../../../test/support/fake-proxy.ts'

function setup(start = '2026-03-02T17:00:00Z', slotsTtlMs?: number) {
  let now = Date.parse(start)
  const clock = () => now
  const { proxy, ghl } = createFakeProxy({ clock, slotsTtlMs })
  const path = (query: string) => `${routes.slots('acme', FAKE.calendarId)}?${query}`
  const get = (query: string, headers: Record<string, string> = {}) =>
    proxy.app.request(path(query), { headers })
  const slotCalls = () => ghl.callsTo(/free-slots$/).length
  return { proxy, ghl, get, slotCalls, advance: (ms: number) => (now += ms) }
}

const WEEK = 'from=2026-03-09&to=2026-03-15&timeZone=Europe/Berlin'

test('a repeated query gets the same body and a strong ETag', async () => {
  const { get, slotCalls } = setup()
  const first = await get(WEEK)
  const second = await get(WEEK)
  assert.equal(first.status, 200)
  const etag = first.headers.get('etag') ?? ''
  assert.match(etag, /^"[0-9a-z]+-[0-9a-z]+"$/)
  assert.equal(second.headers.get('etag'), etag)
  const body = await first.text()
  assert.equal(await second.text(), body)
  assert.ok(v.parse(SlotsResponse, JSON.parse(body)).slots.length > 0)
  assert.equal(first.headers.get('content-type'), 'application/json')
  assert.match(first.headers.get('cache-control') ?? '', /^public, no-cache$/)
  assert.equal(slotCalls(), 1)
})

test('If-None-Match with the current ETag: 304 without a body, caching headers kept', async () => {
  const { get } = setup()
  const etag = (await get(WEEK)).headers.get('etag')!
  for (const ifNoneMatch of [etag, `"other", ${etag}`, `W/${etag}`, '*']) {
    const res = await get(WEEK, { 'If-None-Match': ifNoneMatch })
    assert.equal(res.status, 304, ifNoneMatch)
    assert.equal(await res.text(), '')
    assert.equal(res.headers.get('etag'), etag)
    assert.match(res.headers.get('cache-control') ?? '', /^public, no-cache$/)
    assert.ok(res.headers.get('ratelimit'))
  }
  const other = await get(WEEK, { 'If-None-Match': '"something-else"' })
  assert.equal(other.status, 200)
})

test('invalidate(calendarId), as a booking does, makes the next answer come from GHL again', async () => {
  const { proxy, ghl, get, slotCalls } = setup()
  const before = await (await get(WEEK)).json()
  // GHL now has no free slots at all.
  ghl.respond((call) => (call.path.endsWith('/free-slots') ? Response.json({}) : undefined))
  assert.deepEqual(await (await get(WEEK)).json(), before, 'still the cached windows')
  proxy.slots.invalidate(FAKE.calendarId)
  const after = await get(WEEK)
  assert.deepEqual((await after.json()).slots, [])
  assert.equal(slotCalls(), 2)
})

test('a window reload past the TTL replaces the answer', async () => {
  const { ghl, get, advance, slotCalls } = setup()
  const etag = (await get(WEEK)).headers.get('etag')
  ghl.respond((call) => (call.path.endsWith('/free-slots') ? Response.json({}) : undefined))
  advance(61_000)
  await get(WEEK) // served stale while the window reloads
  await new Promise((resolve) => setImmediate(resolve))
  const res = await get(WEEK)
  assert.notEqual(res.headers.get('etag'), etag)
  assert.deepEqual((await res.json()).slots, [])
  assert.equal(slotCalls(), 2)
})

test('slots that start while an answer is cached drop out of it', async () => {
  // 08:50 in New York, before the day's first slot; the windows stay fresh for the whole test.
  const { get, advance, slotCalls } = setup('2026-03-03T13:50:00Z', 3_600_000)
  const today = 'from=2026-03-03&to=2026-03-03&timeZone=America/New_York'
  const first: SlotsResponse = await (await get(today)).json()
  assert.ok(first.slots.length > 1)
  assert.equal((await get(today)).headers.get('etag'), (await get(today)).headers.get('etag'))
  advance(Date.parse(first.slots[0]!.start) - Date.parse('2026-03-03T13:50:00Z') + 1)
  const later: SlotsResponse = await (await get(today)).json()
  assert.deepEqual(later.slots, first.slots.slice(1))
  assert.equal(slotCalls(), 1)
})

test('a remembered valid query does not hide an invalid one', async () => {
  const { get, slotCalls } = setup()
  assert.equal((await get(WEEK)).status, 200)
  const bad = await get('from=2026-03-09&to=2026-03-15&timeZone=Mars/Olympus')
  assert.equal(bad.status, 400)
  assert.equal((await bad.json()).error.issues[0].path, 'timeZone')
  assert.equal(slotCalls(), 1)
})
