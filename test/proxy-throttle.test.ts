// A burst of distinct uncached reads against the sandbox: the proxy's throttle keeps every 10 s window of the
// location at or under GHL's 100 requests, so the sandbox (which enforces GHL's limit) never answers 429.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createSandbox, SANDBOX } from '../demo/sandbox/index.ts'
import { manualClock } from '../demo/sandbox/testing.ts'
import { createGhlClient } from '../proxy/src/ghl/client.ts'
import { createThrottle } from '../proxy/src/ghl/throttle.ts'
import * as v from 'valibot'
import { buildProxy } from '../proxy/src/proxy.ts'
import { Site } from '../proxy/src/config/sites.ts'
import { routes } from '../contract/schemas.ts'
import { createVirtualTimers } from './support/virtual-timers.ts'

/** Most requests inside any window of `windowMs`, windows starting at each request. */
function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b)
  let most = 0
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (j < sorted.length && sorted[j]! < sorted[i]! + windowMs) j++
    most = Math.max(most, j - i)
  }
  return most
}

test('300 distinct uncached reads: at most 100 upstream requests in any 10 s, no 429', async () => {
  const clock = manualClock('2026-03-02T17:00:00Z')
  const sandbox = createSandbox({ now: clock })
  // Virtual time: each wait is its own timer; the clock jumps to the next one once everything already granted
  // has reached the sandbox.
  const { sleep } = createVirtualTimers({ clock })
  const client = createGhlClient({
    tokenFor: () => SANDBOX.token,
    baseUrl: 'http://sandbox.test',
    fetch: async (input, init) => sandbox.fetch(new Request(input, init)),
    clock,
    sleep,
    throttle: createThrottle({ clock, sleep, maxQueue: 1_000 }),
    deadlineMs: 120_000, // time spent queued counts against the deadline
  })
  const day = 86_400_000
  const start = Date.parse('2026-03-03T05:00:00Z')
  const reads = await Promise.all(
    Array.from({ length: 300 }, (_, i) =>
      client.getFreeSlots(SANDBOX.locationId, {
        calendarId: SANDBOX.calendars.consultation,
        startMs: start + (i % 30) * day + Math.floor(i / 30) * 60_000,
        endMs: start + (i % 30) * day + day - 1,
        timeZone: SANDBOX.timeZone,
      }),
    ),
  )
  assert.equal(reads.length, 300)
  const log = sandbox.requests()
  assert.equal(log.length, 300)
  assert.deepEqual(
    log.filter((r) => r.status === 429),
    [],
  )
  assert.ok(
    busiestWindow(
      log.map((r) => r.at),
      10_000,
    ) <= 100,
  )
  // It did have to wait: 300 requests at the default 90 per window span more than 30 s.
  assert.ok(log.at(-1)!.at - log[0]!.at >= 30_000)
  sandbox.close()
})

test('past the throttle queue bound the proxy answers 503 with Retry-After', async () => {
  const clock = manualClock('2026-03-02T17:00:00Z')
  const sandbox = createSandbox({ now: clock })
  const site = v.parse(Site, {
    id: 'acme',
    locationId: SANDBOX.locationId,
    calendars: [SANDBOX.calendars.consultation],
    origins: ['https://www.acme.test'],
  })
  const { app } = buildProxy({
    sites: [site],
    tokenFor: () => SANDBOX.token,
    ghlApiBase: 'http://sandbox.test',
    fetch: async (input, init) => sandbox.fetch(new Request(input, init)),
    clock,
    sleep: () => new Promise(() => {}), // the window never frees up in this test
    throttleLimit: 1,
    throttleQueue: 0,
  })
  const response = await app.request(routes.calendar('acme', SANDBOX.calendars.consultation))
  assert.equal(response.status, 503)
  assert.equal((await response.json()).error.code, 'upstream_unavailable')
  assert.ok(Number(response.headers.get('retry-after')) >= 10)
  assert.equal(sandbox.requests().length, 1)
  sandbox.close()
})
