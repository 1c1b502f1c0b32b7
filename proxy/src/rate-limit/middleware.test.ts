// The limits with either kind of store: one in this process answers at once, a shared one with a promise.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import * as v from 'valibot'
import { createApp } from '../app.ts'
import { createSiteRegistry, Site } from '../sites.ts'
import type { CalendarService, SlotService } from '../types.ts'
import { createMemoryRateLimitStore, type RateLimitStore } from './store.ts'

const site = v.parse(Site, {
  id: 'acme',
  locationId: 'loc-1',
  calendars: ['cal-1'],
  origins: [],
  rateLimit: { visitor: { limit: 1, windowSeconds: 60 } },
})
const clock = () => Date.parse('2026-03-02T17:00:20Z')
const slots = { slots: [], stale: false }

function appWith(store: RateLimitStore) {
  return createApp({
    sites: createSiteRegistry([site]),
    calendars: { get: async () => assert.fail('not asked') } satisfies CalendarService,
    slots: { get: async () => slots, invalidate: () => {} } satisfies SlotService,
    rateLimitStore: store,
    clientIp: () => '203.0.113.9',
    clock,
  })
}

const memory = () => createMemoryRateLimitStore({ clock })
/** The memory store behind a promise, as a shared store answers. */
function shared(): RateLimitStore {
  const store = memory()
  return { hit: async (key, windowMs) => store.hit(key, windowMs) }
}

for (const [kind, store] of [
  ['in-process', memory],
  ['shared', shared],
] as const) {
  test(`${kind} store: counts the visitor, then refuses past the limit with Retry-After`, async () => {
    const app = appWith(store())
    const path = '/v1/sites/acme/calendars/cal-1/slots?from=2026-03-09&to=2026-03-15&timeZone=Europe/Berlin'
    const first = await app.request(path)
    assert.equal(first.status, 200)
    assert.equal(first.headers.get('ratelimit'), '"visitor";r=0;t=40')
    assert.equal(first.headers.get('ratelimit-policy'), '"site";q=600;w=60, "visitor";q=1;w=60')
    const second = await app.request(path)
    assert.equal(second.status, 429)
    assert.equal(second.headers.get('retry-after'), '40')
    assert.equal((await second.json()).error.code, 'rate_limited')
    assert.ok(second.headers.get('x-request-id'))
  })
}

test('CORS preflights count against neither limit: they never reach GHL', async () => {
  const origin = 'https://acme.test'
  const withOrigin = v.parse(Site, { ...site, origins: [origin] })
  const hits: string[] = []
  const store = memory()
  const app = createApp({
    sites: createSiteRegistry([withOrigin]),
    calendars: { get: async () => assert.fail('not asked') } satisfies CalendarService,
    slots: { get: async () => slots, invalidate: () => {} } satisfies SlotService,
    rateLimitStore: { hit: (key, windowMs) => (hits.push(key), store.hit(key, windowMs)) },
    clientIp: () => '203.0.113.9',
    clock,
  })
  const path = '/v1/sites/acme/calendars/cal-1/slots?from=2026-03-09&to=2026-03-15&timeZone=Europe/Berlin'
  for (const target of [path, '/v1/sites/acme/bookings']) {
    const preflight = await app.request(target, {
      method: 'OPTIONS',
      headers: { Origin: origin, 'Access-Control-Request-Method': 'GET' },
    })
    assert.equal(preflight.status, 204)
    assert.equal(preflight.headers.get('access-control-allow-origin'), origin)
  }
  assert.deepEqual(hits, [])
  // The visitor's one request in the window is still there for the read itself.
  assert.equal((await app.request(path, { headers: { Origin: origin } })).status, 200)
})
