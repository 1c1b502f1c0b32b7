// The limits with either kind of store: one in this process answers at once, a shared one with a promise.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Context } from 'hono'
import * as v from 'valibot'
import { createApp } from '../app.ts'
import { createSiteRegistry, Site } from '../config/sites.ts'
import type { CalendarService, SlotReplies } from '../types.ts'
import { createMemoryRateLimitStore, type RateLimitCount, type RateLimitStore } from '../stores/rate-limit.ts'

const site = v.parse(Site, {
  id: 'acme',
  locationId: 'loc-1',
  calendars: ['cal-1'],
  origins: [],
  rateLimit: { visitor: { limit: 1, windowSeconds: 60 } },
})
const clock = () => Date.parse('2026-03-02T17:00:20Z')
/** A slot service that always has an answer. */
const slots: SlotReplies = {
  get: async () => ({ slots: [], stale: false, loadedAt: 0 }),
  reply: async () => ({
    body: { json: '{"slots":[]}', etag: '"e"', compact: { json: '{"days":{}}', etag: '"c"' } },
    stale: false,
  }),
  invalidate: () => {},
}

function appWith(
  store: RateLimitStore,
  options: { site?: Site; clientIp?: (c: Context) => string | undefined; ipv6Prefix?: number } = {},
) {
  return createApp({
    sites: createSiteRegistry([options.site ?? site]),
    calendars: { get: async () => assert.fail('not asked') } satisfies CalendarService,
    slots,
    rateLimitStore: store,
    clientIp: options.clientIp ?? (() => '203.0.113.9'),
    ipv6Prefix: options.ipv6Prefix,
    clock,
  })
}

const path = '/v1/sites/acme/calendars/cal-1/slots?from=2026-03-09&to=2026-03-15&timeZone=Europe/Berlin'
/** A site whose limits a test can reach in a few requests. */
const small = (siteLimit: number, visitorLimit: number) =>
  v.parse(Site, {
    ...site,
    rateLimit: {
      site: { limit: siteLimit, windowSeconds: 60 },
      visitor: { limit: visitorLimit, windowSeconds: 60 },
    },
  })
/** An app whose visitor is the `x-ip` header's value, as a runtime's clientIp may return anything. */
const byHeader = (store: RateLimitStore, limits: Site, ipv6Prefix?: number) =>
  appWith(store, { site: limits, clientIp: (c) => c.req.header('x-ip'), ipv6Prefix })
/** How many of these visitors' requests got through. */
async function passed(app: ReturnType<typeof appWith>, ips: readonly string[]) {
  let ok = 0
  for (const ip of ips) if ((await app.request(path, { headers: { 'x-ip': ip } })).status === 200) ok++
  return ok
}

const memory = () => createMemoryRateLimitStore({ clock })
/** The memory store behind a promise, as a shared store answers. */
function shared(): RateLimitStore {
  const store = memory()
  return { hit: async (key, windowMs) => store.hit(key, windowMs) }
}

/**
 * The memory store behind a thenable that is not a `Promise`, as a Durable Object stub's call answers: anything
 * with a `then` is an answer to wait for.
 */
function remote(): RateLimitStore {
  const store = memory()
  return {
    hit(key, windowMs) {
      const count = store.hit(key, windowMs) as RateLimitCount
      const answer: PromiseLike<RateLimitCount> = {
        then: (onFulfilled, onRejected) => Promise.resolve(count).then(onFulfilled, onRejected),
      }
      return answer
    },
  }
}

for (const [kind, store] of [
  ['in-process', memory],
  ['shared', shared],
  ['remote (a thenable)', remote],
] as const) {
  test(`${kind} store: counts the visitor, then refuses past the limit with Retry-After`, async () => {
    const app = appWith(store())
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

  test(`${kind} store: a visitor refused by its own limit uses up none of the site's`, async () => {
    const app = byHeader(store(), small(8, 5))
    const flood = await Promise.all(
      Array.from({ length: 100 }, () => app.request(path, { headers: { 'x-ip': '203.0.113.9' } })),
    )
    assert.equal(flood.filter((r) => r.status === 200).length, 5)
    // The site counted only the flood's 5 requests within its limit: this visitor's is the 6th of 8.
    const other = await app.request(path, { headers: { 'x-ip': '198.51.100.1' } })
    assert.equal(other.status, 200)
    assert.equal(other.headers.get('ratelimit'), '"site";r=2;t=40')
    // A refusal by the visitor limit names that limit and its reset.
    const refused = flood.find((r) => r.status === 429)!
    assert.equal(refused.headers.get('ratelimit'), '"visitor";r=0;t=40')
    assert.equal(refused.headers.get('retry-after'), '40')
    // Past the site limit every visitor waits, even one within its own.
    assert.equal(await passed(app, ['192.0.2.1', '192.0.2.2', '192.0.2.3']), 2)
  })
}

test('IPv6 visitors are counted per /64: 500 addresses of one subnet are one visitor', async () => {
  const app = byHeader(memory(), small(10_000, 5))
  const subnet = Array.from(
    { length: 500 },
    (_, i) => `2001:db8:1:2:${((i * 7919) % 0x10000).toString(16)}::${i.toString(16)}`,
  )
  assert.equal(await passed(app, subnet), 5)
  // Another /64 is another visitor.
  assert.equal(await passed(app, ['2001:db8:1:3::1']), 1)
})

test('the IPv6 prefix is an option: 128 counts every address on its own', async () => {
  const app = byHeader(memory(), small(10_000, 1), 128)
  assert.equal(await passed(app, ['2001:db8:1:2::1', '2001:db8:1:2::2', '2001:db8:1:2:0:0:0:2']), 2)
})

test('one address written several ways, IPv4 mapped into IPv6 included, is one visitor', async () => {
  const app = byHeader(memory(), small(10_000, 2))
  assert.equal(await passed(app, ['203.0.113.9', '::ffff:203.0.113.9', '[::ffff:cb00:7109]:80']), 2)
})

test('whatever clientIp returns, keys stay short, and non-addresses share one visitor', async () => {
  const keys: string[] = []
  const store = memory()
  const app = byHeader(
    { hit: (key, windowMs) => (keys.push(key), store.hit(key, windowMs)) },
    small(100_000, 3),
  )
  const junk = Array.from({ length: 200 }, (_, i) => `${i}-${'x'.repeat(8_000)}`)
  assert.equal(await passed(app, junk), 3)
  assert.ok(Math.max(...keys.map((key) => key.length)) <= 64, 'a key grew with its input')
  assert.equal(new Set(keys).size, 2) // the site's and the one unknown visitor's
})

test('CORS preflights count against neither limit: they never reach GHL', async () => {
  const origin = 'https://acme.test'
  const withOrigin = v.parse(Site, { ...site, origins: [origin] })
  const hits: string[] = []
  const store = memory()
  const app = createApp({
    sites: createSiteRegistry([withOrigin]),
    calendars: { get: async () => assert.fail('not asked') } satisfies CalendarService,
    slots,
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
