// Marketplace mode over two real proxies (startProxy, each on its own port with its own Redis connection) in front
// of the GHL sandbox on a port, as behind a load balancer: installed over HTTP through one instance, the access
// token expired on the shared clock, then 50 visitors' slots reads spread over both. With one Redis the instances
// make one /oauth/token call between them; with a token store each, GHL's single-use refresh token is spent twice.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { routes } from '../contract/schemas.ts'
import { SANDBOX } from '../demo/sandbox/index.ts'
import { createMemoryTokenStore, type TokenStore } from '../proxy/src/stores/tokens.ts'
import { TEST_NOW } from './support/dates.ts'
import { startInstances } from './support/instances.ts'
import { needsRedis, startRedis, waitFor, type TestRedis } from './support/redis-server.ts'

let redis: TestRedis
before(async () => {
  if (!needsRedis.skip) redis = await startRedis()
})
after(() => redis?.close())

/** The one public callback URL, the load balancer's: the test hands the callback to the instance it chooses. */
const REDIRECT_URI = 'http://localhost:8787/oauth/callback'
const CAL = SANDBOX.calendars.consultation
const LOCATION = SANDBOX.oauth.locations.sandbox
/**
 * A one-day slots query `days` after TEST_NOW. The reads before the expiry are in the first week (`near`, n < 6);
 * the 50 after it, 38 days on and more, are in other months whatever TEST_NOW is, spread over twelve (`far`, i < 72; even and odd i, the two instances, each
 * get all twelve), which nothing loaded before: no instance's cache holds their slots, so each visitor waits on GHL
 * (an instance asks GHL once per month window, shared by the reads within it).
 */
const query = (days: number) => {
  const from = new Date(TEST_NOW + days * 86_400_000).toISOString().slice(0, 10)
  return new URLSearchParams({ from, to: from, timeZone: SANDBOX.timeZone }).toString()
}
const near = (n: number) => query(1 + n)
const far = (i: number) => query(38 + 30 * (Math.floor(i / 2) % 12) + 2 * Math.floor(i / 24) + (i % 2))

/**
 * The shared Redis under keys of this test's own: the grant, and the GHL throttle's count of this location's
 * calls, which another test's calls would otherwise fill (its window is on the test's stopped clock).
 */
const ownKeys = (test: string) => ({ proxy: { redis: { url: redis.url, prefix: `oauth-${test}:` } } })
type Stack = Awaited<ReturnType<typeof startInstances>>

/** The install as a browser makes it, over HTTP: /oauth/install on `index`, the sandbox's form, the callback there. */
async function install(stack: Stack, index: number) {
  const proxy = stack.proxies[index]!.url
  const start = await fetch(`${proxy}/oauth/install`, { redirect: 'manual' })
  assert.equal(start.status, 302)
  const cookie = start.headers.get('set-cookie')!.split(';')[0]!
  const authorize = new URL(start.headers.get('location')!)
  assert.equal(`${authorize.origin}${authorize.pathname}`, `${stack.sandboxUrl}/v2/oauth/chooselocation`)
  const page = await fetch(authorize)
  assert.equal(page.status, 200)
  await page.arrayBuffer()
  const form = new URLSearchParams(authorize.searchParams)
  form.set('account', LOCATION)
  const chosen = await fetch(authorize, { method: 'POST', body: form, redirect: 'manual' })
  assert.equal(chosen.status, 302)
  const back = new URL(chosen.headers.get('location')!)
  assert.equal(`${back.origin}${back.pathname}`, REDIRECT_URI)
  const callback = await fetch(`${proxy}${back.pathname}${back.search}`, { headers: { cookie } })
  const html = await callback.text()
  await stack.sandbox.settle()
  assert.equal(callback.status, 200, html)
  assert.match(html, /location <strong>loc-sandbox<\/strong>/)
}

/** A slots read of query `q` on instance `index`, from visitor `n`. */
async function slots(stack: Stack, index: number, q: string, n = 0) {
  const response = await fetch(`${stack.proxies[index]!.url}${routes.slots('site', CAL)}?${q}`, {
    headers: { 'X-Forwarded-For': `198.51.100.${(n % 200) + 1}` },
  })
  const body = (await response.json()) as { error?: { code: string } }
  return { status: response.status, code: body.error?.code }
}

/** Expires the access token on the shared clock, then 50 distinct reads alternating over the two instances. */
async function fiftyAfterExpiry(stack: Stack) {
  const before = stack.sandbox.requests().length
  stack.clock.advance(25 * 3_600_000)
  const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => slots(stack, i % 2, far(i), i)))
  const sent = stack.sandbox.requests().slice(before)
  const tokenCalls = sent.filter((request) => request.path === '/oauth/token')
  return {
    answers,
    sent,
    refreshes: tokenCalls.length,
    ghlCalls: sent.length - tokenCalls.length,
    refused: tokenCalls.filter((request) => request.status === 400).length,
    unauthorized: sent.filter((request) => request.status === 401).length,
    ok: answers.filter((answer) => answer.status === 200).length,
    statuses: [
      ...new Set(answers.map((answer) => `${answer.status}${answer.code ? ` ${answer.code}` : ''}`)),
    ],
  }
}

test(
  '50 visitors over two instances on Redis after the token expired: one /oauth/token call, every visitor 200',
  needsRedis,
  async (t) => {
    const stack = await startInstances({
      count: 2,
      now: TEST_NOW,
      ...ownKeys('expiry'),
      marketplace: { redirectUri: REDIRECT_URI },
    })
    try {
      stack.sandbox.setWebhook({ url: `${stack.proxies[0]!.url}/v1/webhooks/ghl` })
      assert.equal((await slots(stack, 1, near(0))).code, 'not_connected', 'not installed yet')
      await install(stack, 0)
      // Both instances have read and cached the grant before it expires, as a running deployment has.
      assert.equal((await slots(stack, 0, near(1))).status, 200)
      assert.equal((await slots(stack, 1, near(2))).status, 200)
      const run = await fiftyAfterExpiry(stack)
      t.diagnostic(
        `50 visitor requests over 2 instances on Redis after expiry: ${run.refreshes} /oauth/token call, ` +
          `${run.ok}×200, ${run.unauthorized} 401 of ${run.ghlCalls} GHL calls (statuses ${run.statuses.join(', ')})`,
      )
      assert.equal(run.refreshes, 1)
      assert.equal(run.refused, 0)
      assert.equal(run.ok, 50, run.statuses.join(', '))
      // The instance without the lease holds an expired token: it waits for the holder's write rather than try it.
      assert.equal(run.unauthorized, 0, 'no call went out with the expired token')
    } finally {
      await stack.close()
    }
  },
)

test(
  'GHL expired the token before the proxies’ clock says so: its 401s drive one /oauth/token call over Redis',
  needsRedis,
  async (t) => {
    // The proxies' clock stops where it is while GHL's passes the expiry: they still trust the token GHL refuses.
    const lag = { ms: 0 }
    const stack = await startInstances({
      count: 2,
      now: TEST_NOW,
      ...ownKeys('ghl-first'),
      marketplace: { redirectUri: REDIRECT_URI },
      instance: (_, clock) => ({ clock: () => clock.now() - lag.ms }),
    })
    try {
      stack.sandbox.setWebhook({ url: `${stack.proxies[0]!.url}/v1/webhooks/ghl` })
      await install(stack, 0)
      assert.equal((await slots(stack, 0, near(1))).status, 200)
      assert.equal((await slots(stack, 1, near(2))).status, 200)
      lag.ms = 25 * 3_600_000
      const run = await fiftyAfterExpiry(stack)
      t.diagnostic(
        `50 visitor requests over 2 instances on Redis, GHL's clock past the expiry and the proxies' not: ` +
          `${run.refreshes} /oauth/token call, ${run.ok}×200, ${run.unauthorized} GHL 401 of ${run.ghlCalls} ` +
          `GHL calls (each made again with the new token; statuses ${run.statuses.join(', ')})`,
      )
      assert.equal(run.refreshes, 1)
      assert.equal(run.ok, 50, run.statuses.join(', '))
      assert.ok(run.unauthorized > 0, 'GHL refused the token the proxies trusted')
      // Every call GHL refused was made again, with the query it had, and passed.
      for (const [at, refused] of run.sent.entries()) {
        if (refused.status !== 401) continue
        assert.ok(
          run.sent
            .slice(at + 1)
            .some((r) => r.path === refused.path && r.query === refused.query && r.status === 200),
          `${refused.path}${refused.query} made again with the new token`,
        )
      }
    } finally {
      await stack.close()
    }
  },
)

test(
  'without a shared store the same grant in each instance is refreshed twice: GHL refuses the second, a dead grant',
  needsRedis,
  async (t) => {
    const stores: TokenStore[] = []
    const stack = await startInstances({
      count: 2,
      now: TEST_NOW,
      marketplace: { redirectUri: REDIRECT_URI },
      instance: (index, clock) => ({
        tokenStore: (stores[index] = createMemoryTokenStore({ clock: clock.now })),
      }),
    })
    try {
      stack.sandbox.setWebhook({ url: `${stack.proxies[0]!.url}/v1/webhooks/ghl` })
      await install(stack, 0)
      // Installed through instance 0 only: instance 1 never heard of it.
      const unserved = await slots(stack, 1, near(1))
      t.diagnostic(
        `installed through instance 0, each instance its own store: instance 1 answers ${unserved.status}`,
      )
      assert.deepEqual(unserved, { status: 503, code: 'not_connected' })
      // The record copied into instance 1's store (a deployment seeded from one copy): both now hold one refresh token.
      const record = (await stores[0]!.get(`location:${LOCATION}`))!
      assert.equal(await stores[1]!.put(`location:${LOCATION}`, record.sealed, 0), true)
      assert.equal((await slots(stack, 1, near(2))).status, 200)
      const run = await fiftyAfterExpiry(stack)
      t.diagnostic(
        `50 visitor requests over 2 instances, a memory token store each, after expiry: ${run.refreshes} ` +
          `/oauth/token calls (${run.refused} refused invalid_grant), ${run.ok}×200, ` +
          `${50 - run.ok} not 200 (statuses ${run.statuses.join(', ')})`,
      )
      // Each instance leases in its own store, so both spend the one refresh token: GHL takes it once.
      assert.equal(run.refreshes, 2)
      assert.equal(run.refused, 1)
      assert.equal(run.ok, 25, 'the winner serves its half')
      // The loser waits (16 s) for a write that only its own store could bring, past the visitors' 5 s deadline,
      // then declares the grant dead: its half of the visitors is not served, now or after.
      assert.deepEqual(
        run.answers.filter((answer) => answer.status !== 200),
        Array(25).fill({ status: 504, code: 'upstream_unavailable' }),
      )
      await waitFor(
        () => stack.lines.flat().some((line) => line.msg === 'oauth.grant_dead'),
        'the loser declares its grant dead',
        30_000,
      )
      const loser = stack.lines.findIndex((own) => own.some((line) => line.msg === 'oauth.grant_dead'))
      const next = await slots(stack, loser, near(3))
      t.diagnostic(`then instance ${loser} answers ${next.status} ${next.code} until a reinstall`)
      assert.deepEqual(next, { status: 503, code: 'not_connected' })
    } finally {
      await stack.close()
    }
  },
)

test(
  'an uninstall delivered to instance 0: instance 1 answers not_connected next; a reinstall through 1 serves both',
  needsRedis,
  async (t) => {
    const stack = await startInstances({
      count: 2,
      now: TEST_NOW,
      ...ownKeys('uninstall'),
      marketplace: { redirectUri: REDIRECT_URI },
    })
    try {
      stack.sandbox.setWebhook({ url: `${stack.proxies[0]!.url}/v1/webhooks/ghl` })
      await install(stack, 0)
      assert.equal((await slots(stack, 0, near(0))).status, 200)
      assert.equal((await slots(stack, 1, near(1))).status, 200)
      const uninstall = await fetch(`${stack.sandboxUrl}/_sandbox/oauth/uninstall`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ locationId: LOCATION }),
      })
      assert.equal(uninstall.status, 200)
      await stack.sandbox.settle()
      const delivery = stack.sandbox.webhookDeliveries().find((d) => d.type === 'UNINSTALL')
      assert.equal(delivery?.status, 200, JSON.stringify(delivery))
      // A month instance 1 has not loaded: it asks GHL with the token it holds, GHL refuses it, the store has none.
      const afterUninstall = [await slots(stack, 1, far(0)), await slots(stack, 0, far(1))]
      // The read instance 1 answered before (its answer and month cached): dropped by the uninstall on every
      // instance, as an Appointment webhook's change is, through Redis.
      let reads = 1
      for (; (await slots(stack, 1, near(1))).status === 200; reads++) {
        assert.ok(reads < 50, 'instance 1 still serves its cached slots')
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      t.diagnostic(
        `uninstall to instance 0: instance 1 answers ${afterUninstall[0]!.status} ${afterUninstall[0]!.code} for ` +
          `a month it had not loaded, instance 0 ${afterUninstall[1]!.status} ${afterUninstall[1]!.code}; ` +
          `instance 1 stopped serving its cached read at its read ${reads} after`,
      )
      assert.deepEqual(afterUninstall, [
        { status: 503, code: 'not_connected' },
        { status: 503, code: 'not_connected' },
      ])
      await install(stack, 1)
      assert.deepEqual(
        [(await slots(stack, 0, far(2))).status, (await slots(stack, 1, far(3))).status],
        [200, 200],
        'reinstalled through instance 1, both serve',
      )
    } finally {
      await stack.close()
    }
  },
)
