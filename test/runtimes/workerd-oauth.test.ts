// Marketplace mode on workerd: two Worker instances (two Miniflare workers built from the Worker entry's bundle, the
// second bound to the first one's SiteState, LocationState and TokenState objects through scriptName, as in
// workerd-durable.test.ts), configured by the Worker's variables, installed through instance A's /oauth routes.
// Then GHL's clock passes the access token's expiry and 50 visitors' slots reads are spread over A and B.
//
// A Worker's clock (CLOCK_START) runs at the real pace from its first request and cannot be moved from outside, so
// the proxy still trusts the token GHL has let expire: GHL's 401 drives the refresh. The Redis test
// (test/oauth-redis-instances.test.ts) covers the other path, where the proxy's clock says the token is spent.
import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { routes } from '../../contract/schemas.ts'
import { createClock, createSandbox, SANDBOX, type Sandbox } from '../../demo/sandbox/index.ts'
import { TEST_NOW } from '../support/dates.ts'
import {
  answerFromSandbox,
  runtimeVariables,
  SUITE_ORIGIN,
  SUITE_SITE,
  type RuntimeTarget,
} from './target.ts'
import { asFetchResponse, bundleWorker, importMiniflare, outboundTo } from './workerd-bundle.ts'

const CAL = SANDBOX.calendars.consultation
const LOCATION = SANDBOX.oauth.locations.sandbox
const GHL = 'http://sandbox.test'
/** The Worker's one public callback URL; the test hands the callback to the instance it chooses. */
const REDIRECT_URI = 'http://localhost:8787/oauth/callback'

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

let dir: string
before(async () => {
  dir = await bundleWorker()
})
after(() => rmSync(dir, { recursive: true, force: true }))

/** Two isolates of the Worker in Marketplace mode on one sandbox, sharing every Durable Object of A. */
async function startPair() {
  const { Miniflare } = await importMiniflare()
  // GHL's clock runs at the real pace as the Workers' do (from their first request, a little later): an uninstall
  // webhook's timestamp then follows the install it undoes, as with GHL's, and the proxy honours it.
  const clock = createClock({ start: TEST_NOW })
  const sandbox: Sandbox = createSandbox({ clock, burst: { max: 1_000_000, intervalMs: 10_000 } })
  const arrivals: RuntimeTarget['arrivals'] = []
  // The site without its Private Integration Token: its location's tokens come from the install.
  const { GHL_TOKEN: _pit, ...base } = runtimeVariables(GHL)
  const outboundService = await outboundTo(answerFromSandbox(sandbox, arrivals))
  const worker = (
    name: string,
    objects: Record<string, string | { className: string; scriptName: string }>,
  ) => ({
    name,
    routes: [`${name}.proxy.test/*`],
    modules: true,
    scriptPath: join(dir, 'worker.js'),
    modulesRoot: dir,
    compatibilityDate: '2026-04-26',
    bindings: {
      ...base,
      GHL_THROTTLE_LIMIT: '90',
      GHL_THROTTLE_WINDOW_MS: '10000',
      GHL_CLIENT_ID: SANDBOX.oauth.clientId,
      GHL_CLIENT_SECRET: SANDBOX.oauth.clientSecret,
      GHL_APP_ID: SANDBOX.oauth.appId,
      GHL_OAUTH_REDIRECT_URI: REDIRECT_URI,
      GHL_MARKETPLACE_URL: GHL,
      TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 11).toString('base64'),
    },
    durableObjects: objects,
    outboundService,
  })
  const ofA = (className: string) => ({ className, scriptName: 'a' })
  const miniflare = new Miniflare({
    workers: [
      worker('a', { SITE_STATE: 'SiteState', LOCATION_STATE: 'LocationState', TOKEN_STATE: 'TokenState' }),
      worker('b', {
        SITE_STATE: ofA('SiteState'),
        LOCATION_STATE: ofA('LocationState'),
        TOKEN_STATE: ofA('TokenState'),
      }),
    ],
  })
  await miniflare.ready
  const call = async (index: number, path: string, init: RequestInit = {}) =>
    asFetchResponse(
      await miniflare.dispatchFetch(`http://${'ab'[index % 2]}.proxy.test${path}`, init as never),
    )
  sandbox.setWebhook({
    url: 'http://proxy.test/v1/webhooks/ghl',
    fetch: async (_input, init) => {
      const answer = await call(0, '/v1/webhooks/ghl', init)
      return new Response(await answer.arrayBuffer(), { status: answer.status })
    },
  })
  return {
    clock,
    sandbox,
    call,
    /** The install as a browser makes it: /oauth/install on `index`, the sandbox's form, the callback there. */
    async install(index: number) {
      const start = await call(index, '/oauth/install', { redirect: 'manual' })
      assert.equal(start.status, 302)
      await start.arrayBuffer()
      const cookie = start.headers.get('set-cookie')!.split(';')[0]!
      const authorize = new URL(start.headers.get('location')!)
      assert.equal(`${authorize.origin}${authorize.pathname}`, `${GHL}/v2/oauth/chooselocation`)
      const form = new URLSearchParams(authorize.searchParams)
      form.set('account', LOCATION)
      const chosen = await sandbox.fetch(new Request(authorize, { method: 'POST', body: form }))
      assert.equal(chosen.status, 302)
      const back = new URL(chosen.headers.get('location')!)
      assert.equal(`${back.origin}${back.pathname}`, REDIRECT_URI)
      const callback = await call(index, `${back.pathname}${back.search}`, { headers: { cookie } })
      const html = await callback.text()
      await sandbox.settle()
      assert.equal(callback.status, 200, html)
      assert.match(html, /location <strong>loc-sandbox<\/strong>/)
    },
    /** A slots read of query `q` on instance `index`, from visitor `n`. */
    async slots(index: number, q: string, n = 0) {
      const response = await call(index, `${routes.slots(SUITE_SITE, CAL)}?${q}`, {
        headers: { origin: SUITE_ORIGIN, 'cf-connecting-ip': `198.51.100.${(n % 200) + 1}` },
      })
      const body = (await response.json()) as { error?: { code: string } }
      return { status: response.status, code: body.error?.code }
    },
    close: async () => {
      await miniflare.dispose()
      sandbox.close()
    },
  }
}

test(
  'Marketplace on workerd: 50 visitors over two Worker instances after GHL expired the token: one refresh, all 200',
  { timeout: 120_000 },
  async (t) => {
    const pair = await startPair()
    try {
      assert.equal((await pair.slots(1, near(0))).code, 'not_connected', 'not installed yet')
      await pair.install(0)
      // Both isolates have read the grant and hold its token, as a running deployment does.
      assert.equal((await pair.slots(0, near(1))).status, 200)
      assert.equal((await pair.slots(1, near(2))).status, 200)
      const before = pair.sandbox.requests().length
      pair.clock.advance(25 * 3_600_000)
      const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => pair.slots(i % 2, far(i), i)))
      const sent = pair.sandbox.requests().slice(before)
      const refreshes = sent.filter((request) => request.path === '/oauth/token')
      const unauthorized = sent.filter((request) => request.status === 401)
      const ok = answers.filter((answer) => answer.status === 200).length
      const statuses = [...new Set(answers.map((a) => `${a.status}${a.code ? ` ${a.code}` : ''}`))]
      t.diagnostic(
        `50 visitor requests over 2 Worker instances on Durable Objects after expiry: ${refreshes.length} ` +
          `/oauth/token call, ${ok}×200, ${unauthorized.length} GHL 401 of ${sent.length - refreshes.length} ` +
          `GHL calls (each refused call made again with the new token; statuses ${statuses.join(', ')})`,
      )
      assert.equal(refreshes.length, 1)
      assert.equal(refreshes[0]!.status, 200)
      assert.equal(ok, 50, statuses.join(', '))
      // Every call GHL refused (the expired token) was made again, with the query it had, and passed.
      assert.ok(unauthorized.length > 0, 'GHL refused the expired token: the 401 drove the refresh')
      for (const refused of unauthorized) {
        const again = sent.slice(sent.indexOf(refused) + 1)
        assert.ok(
          again.some((r) => r.path === refused.path && r.query === refused.query && r.status === 200),
          `${refused.path}${refused.query} made again with the new token`,
        )
      }
    } finally {
      await pair.close()
    }
  },
)

test(
  'Marketplace on workerd: an uninstall delivered to instance A: B answers not_connected next; a reinstall through B serves both',
  { timeout: 120_000 },
  async (t) => {
    const pair = await startPair()
    try {
      await pair.install(0)
      assert.equal((await pair.slots(0, near(0))).status, 200)
      assert.equal((await pair.slots(1, near(1))).status, 200)
      const uninstall = await pair.sandbox.fetch(
        new Request(`${GHL}/_sandbox/oauth/uninstall`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ locationId: LOCATION }),
        }),
      )
      assert.equal(uninstall.status, 200)
      await pair.sandbox.settle()
      const delivery = pair.sandbox.webhookDeliveries().find((d) => d.type === 'UNINSTALL')
      assert.equal(delivery?.status, 200, JSON.stringify(delivery))
      // A month B has not loaded: B asks GHL with the token it holds, GHL refuses it, the store has no grant.
      const afterUninstall = [await pair.slots(1, far(0)), await pair.slots(0, far(1))]
      // The read B answered before (its answer and month cached): B asks the location's object for the calendar's version at most once a second
      // (stores/durable/location-stores.ts), so it may serve those slots until its next check.
      let reads = 1
      for (; (await pair.slots(1, near(1))).status === 200; reads++) {
        assert.ok(reads < 50, 'B still serves its cached slots')
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      t.diagnostic(
        `uninstall to Worker instance A: B answers ${afterUninstall[0]!.status} ${afterUninstall[0]!.code} for a ` +
          `month it had not loaded, A ${afterUninstall[1]!.status} ${afterUninstall[1]!.code}; B stopped serving ` +
          `its cached month at its read ${reads} after`,
      )
      assert.deepEqual(afterUninstall, [
        { status: 503, code: 'not_connected' },
        { status: 503, code: 'not_connected' },
      ])
      await pair.install(1)
      assert.deepEqual(
        [(await pair.slots(0, far(2))).status, (await pair.slots(1, far(3))).status],
        [200, 200],
        'reinstalled through B, both serve',
      )
    } finally {
      await pair.close()
    }
  },
)
