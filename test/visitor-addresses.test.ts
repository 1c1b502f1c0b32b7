/**
 * Per-visitor limits on the Node server, where the visitor's address comes from the socket or, behind trusted
 * proxies (`TRUST_PROXY`), from X-Forwarded-For: a client that writes the header itself gains nothing by writing
 * values that are not addresses, or very long ones.
 */
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import * as v from 'valibot'
import { createSandbox, SANDBOX } from '../demo/sandbox/index.ts'
import { routes } from '../contract/schemas.ts'
import { Site } from '../proxy/src/config/sites.ts'
import { startProxy, type RunningProxy } from '../proxy/src/entries/start.ts'
import { TEST_NOW } from './support/dates.ts'

const VISITOR_LIMIT = 10
const sandbox = createSandbox({ now: () => TEST_NOW })
const site = v.parse(Site, {
  id: 'acme',
  locationId: SANDBOX.locationId,
  calendars: [SANDBOX.calendars.consultation],
  origins: [],
  rateLimit: {
    site: { limit: 100_000, windowSeconds: 60 },
    visitor: { limit: VISITOR_LIMIT, windowSeconds: 60 },
  },
})
let proxy: RunningProxy

before(async () => {
  proxy = await startProxy({
    sites: [site],
    tokenFor: () => SANDBOX.token,
    ghlApiBase: 'http://sandbox.test',
    fetch: async (input, init) => sandbox.fetch(new Request(input, init)),
    clock: () => TEST_NOW,
    trustedProxies: 1,
  })
})
after(async () => {
  await proxy.close()
  sandbox.close()
})

/** How many of these requests, one X-Forwarded-For value each, got through. */
async function passed(forwardedFor: readonly string[]): Promise<number> {
  const url = proxy.url + routes.calendar(site.id, SANDBOX.calendars.consultation)
  let ok = 0
  for (const value of forwardedFor) {
    const response = await fetch(url, { headers: { 'X-Forwarded-For': value } })
    await response.arrayBuffer()
    if (response.status === 200) ok++
  }
  return ok
}

test('300 X-Forwarded-For values that are not addresses are the one connection they came from', async () => {
  const forged = Array.from({ length: 300 }, (_, i) =>
    i % 3 === 0 ? `x-${i}` : i % 3 === 1 ? `${i}-${'a'.repeat(8_000)}` : `198.51.100.${i}.${i}`,
  )
  assert.equal(await passed(forged), VISITOR_LIMIT)
})
