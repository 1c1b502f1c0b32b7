// Reads while GHL is slow, failing or rate-limiting: a visitor with stale slots to stand in gets them at once
// (within the caches' short wait), one with nothing cached waits no longer than the read deadline. GHL here never
// ends a retry wait (the client's `sleep` never resolves), so without those bounds these reads would never answer.
import assert from 'node:assert/strict'
import { after, afterEach, test } from 'node:test'
import * as v from 'valibot'
import type { FaultsPatch } from '../demo/sandbox/faults.ts'
import { createSandbox, SANDBOX } from '../demo/sandbox/index.ts'
import { manualClock } from '../demo/sandbox/testing.ts'
import { createApp } from '../proxy/src/app.ts'
import { createCalendarService } from '../proxy/src/services/calendars/calendar-service.ts'
import { routes } from '../contract/schemas.ts'
import { createGhlClient } from '../proxy/src/ghl/client.ts'
import { createMemoryRateLimitStore } from '../proxy/src/stores/rate-limit.ts'
import { createSiteRegistry, Site } from '../proxy/src/config/sites.ts'
import { createSlotService } from '../proxy/src/services/slots/slot-service.ts'
import { addDays, localDate } from '../proxy/src/time/zoned.ts'
import { TEST_NOW } from './support/dates.ts'

const clock = manualClock(TEST_NOW)
const sandbox = createSandbox({ now: clock })
afterEach(() => {
  sandbox.reset()
  clock.set(TEST_NOW)
})
// Ends the waits of requests GHL "never" answers, so nothing is left running.
after(() => sandbox.close())

const CAL = SANDBOX.calendars.consultation
const site = v.parse(Site, { id: 'acme', locationId: SANDBOX.locationId, calendars: [CAL], origins: [] })
const never = () => new Promise<void>(() => {})

/** The read routes on the sandbox, with a GHL client whose retry waits never end. */
function readApp(readTimeoutMs?: number) {
  const ghl = createGhlClient({
    baseUrl: 'http://sandbox.test',
    tokenFor: () => SANDBOX.token,
    fetch: async (input, init) => sandbox.fetch(new Request(input, init)),
    clock,
    sleep: never,
    // Longer than any test here: an attempt that hangs is not what ends a read.
    timeoutMs: 600_000,
  })
  const calendars = createCalendarService({ ghl, clock })
  const slots = createSlotService({ ghl, calendars, clock })
  return createApp({
    sites: createSiteRegistry([site]),
    calendars,
    slots,
    rateLimitStore: createMemoryRateLimitStore({ clock }),
    clock,
    readTimeoutMs,
  })
}

const from = addDays(localDate(TEST_NOW, SANDBOX.timeZone), 7)
const slotsPath = `${routes.slots(site.id, CAL)}?from=${from}&to=${addDays(from, 6)}&timeZone=${SANDBOX.timeZone}`

const faults: Record<string, FaultsPatch> = {
  'GHL hangs': { timeoutRate: 1 },
  'GHL answers 5xx': { errorRate: 1 },
  'GHL answers 429': { rateLimitBurst: 1_000 },
}

for (const [name, fault] of Object.entries(faults)) {
  test(
    `${name}: a reload past the revalidate window answers stale slots at once`,
    { timeout: 30_000 },
    async () => {
      const app = readApp()
      const fresh = await app.request(slotsPath)
      assert.equal(fresh.status, 200)
      const { slots } = await fresh.json()
      assert.ok(slots.length > 0)
      // Past the TTL (60 s) and the revalidate window (30 s): a read waits for the reload, but not for long.
      clock.advance(120_000)
      sandbox.setFaults(fault)
      const stale = await app.request(slotsPath)
      assert.equal(stale.status, 200)
      const body = await stale.json()
      assert.equal(body.stale, true)
      assert.equal(stale.headers.get('x-slots-stale'), '1')
      assert.deepEqual(body.slots, slots)
      clock.set(TEST_NOW)
    },
  )
}

test(
  'nothing cached and GHL hanging: 504 upstream_unavailable with Retry-After at the read deadline',
  { timeout: 30_000 },
  async () => {
    const app = readApp(100)
    sandbox.setFaults({ timeoutRate: 1 })
    for (const path of [slotsPath, routes.calendar(site.id, CAL)]) {
      const response = await app.request(path)
      assert.equal(response.status, 504, path)
      assert.equal(response.headers.get('retry-after'), '5')
      assert.equal((await response.json()).error.code, 'upstream_unavailable')
    }
  },
)

test(
  'nothing cached, GHL answering within the read deadline: the read waits for it',
  { timeout: 30_000 },
  async () => {
    const app = readApp(10_000)
    assert.equal((await app.request(slotsPath)).status, 200)
  },
)
