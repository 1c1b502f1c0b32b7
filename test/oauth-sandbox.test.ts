// Marketplace mode against the sandbox's OAuth model: the install flow over HTTP (the proxy's /oauth routes, the
// sandbox's choose-location page, the callback), agency installs, expiry with two instances sharing one token
// store, a refresh token spent twice, uninstall and reinstall through the signed webhooks, and tampered states.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import * as v from 'valibot'
import { createClock, createSandbox, SANDBOX, SANDBOX_WEBHOOK_PUBLIC_KEY } from '../demo/sandbox/index.ts'
import { routes } from '../contract/schemas.ts'
import { Site } from '../proxy/src/config/sites.ts'
import { buildProxy } from '../proxy/src/proxy.ts'
import { createMemoryTokenStore } from '../proxy/src/stores/tokens.ts'
import { createMemoryReplayGuard } from '../proxy/src/stores/replay.ts'
import { TEST_NOW } from './support/dates.ts'
import { signWebhookBody } from '../demo/sandbox/webhook-keys.ts'

const PROXY = 'http://localhost:8787'
const SANDBOX_URL = 'http://sandbox.test'
const ORIGIN = 'https://site.test'
const CAL = SANDBOX.calendars.consultation
const { oauth } = SANDBOX
const day = (offset: number) => new Date(TEST_NOW + offset * 86_400_000).toISOString().slice(0, 10)

/** One sandbox on a settable clock, and proxy instances on that clock sharing one token store and replay guard. */
function harness(options: { accessTtlSeconds?: number; branchSite?: boolean } = {}) {
  const clock = createClock({ start: TEST_NOW, frozen: true })
  const sandbox = createSandbox({ clock, oauth: { accessTtlSeconds: options.accessTtlSeconds } })
  /** How far the proxy's clock runs behind the sandbox's (0: the same clock). */
  const lag = { ms: 0 }
  const proxyNow = () => clock.now() - lag.ms
  const tokenStore = createMemoryTokenStore({ clock: proxyNow })
  const replayGuard = createMemoryReplayGuard({ clock: proxyNow })
  const lines: Record<string, unknown>[] = []
  const sites = [
    v.parse(Site, { id: 'studio', locationId: oauth.locations.sandbox, calendars: [CAL], origins: [ORIGIN] }),
    v.parse(Site, {
      id: 'branch',
      locationId: oauth.locations.branch,
      calendars: ['cal-none'],
      origins: [ORIGIN],
    }),
  ].filter((site) => options.branchSite !== false || site.id !== 'branch')
  const instance = () =>
    buildProxy({
      sites,
      tokenFor: () => undefined,
      ghlApiBase: SANDBOX_URL,
      fetch: async (input, init) => sandbox.fetch(new Request(input, init)),
      clock: proxyNow,
      log: (entry) => lines.push(entry),
      tokenStore,
      replayGuard,
      webhookPublicKey: SANDBOX_WEBHOOK_PUBLIC_KEY,
      marketplace: {
        clientId: oauth.clientId,
        clientSecret: oauth.clientSecret,
        appId: oauth.appId,
        redirectUri: `${PROXY}/oauth/callback`,
        marketplaceUrl: SANDBOX_URL,
        scopes: 'calendars.readonly calendars/events.write oauth.write',
        encryptionKey: new Uint8Array(32).fill(11),
      },
    })
  const first = instance()
  sandbox.setWebhook({
    url: `${PROXY}/v1/webhooks/ghl`,
    fetch: async (input, init) => first.app.fetch(new Request(input, init)),
  })
  /** The whole install as a browser does it: /oauth/install, the choose-location form, the callback with its cookie. */
  async function install(account: string, proxy = first) {
    const start = await proxy.app.request(`${PROXY}/oauth/install`)
    assert.equal(start.status, 302)
    const cookie = start.headers.get('set-cookie')!.split(';')[0]!
    const authorize = new URL(start.headers.get('location')!)
    assert.equal(`${authorize.origin}${authorize.pathname}`, `${SANDBOX_URL}/v2/oauth/chooselocation`)
    const page = await sandbox.fetch(new Request(authorize))
    assert.equal(page.status, 200)
    await page.arrayBuffer()
    const form = new URLSearchParams(authorize.searchParams)
    form.set('account', account)
    const chosen = await sandbox.fetch(
      new Request(authorize, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
      }),
    )
    assert.equal(chosen.status, 302)
    const back = new URL(chosen.headers.get('location')!)
    assert.equal(`${back.origin}${back.pathname}`, `${PROXY}/oauth/callback`)
    const callback = await proxy.app.request(back.href, { headers: { cookie } })
    await sandbox.settle()
    return { status: callback.status, html: await callback.text(), back, cookie }
  }
  const calendar = (proxy = first, siteId = 'studio', calendarId = CAL) =>
    proxy.app.request(routes.calendar(siteId, calendarId), { headers: { origin: ORIGIN } })
  const tokenCalls = () => sandbox.requests().filter((request) => request.path === '/oauth/token')
  return { clock, lag, sandbox, tokenStore, lines, first, instance, install, calendar, tokenCalls }
}

/** The sandbox's grants, as its control route lists them (no token values). */
async function grants(sandbox: ReturnType<typeof createSandbox>) {
  const response = await sandbox.fetch(new Request(`${SANDBOX_URL}/_sandbox/oauth/state`))
  return ((await response.json()) as { grants: { account: string; counts: Record<string, number> }[] }).grants
}

/** Asserts no access or refresh token the sandbox gave is in the proxy's log lines or in `texts`. */
async function assertNoTokenLeaked(
  sandbox: ReturnType<typeof createSandbox>,
  store: ReturnType<typeof createMemoryTokenStore>,
  lines: unknown[],
  texts: string[],
) {
  // The tokens are what the sandbox handed out: read them back from the token-endpoint answers is not possible, so
  // every long opaque word of the logs and answers is checked against the sandbox: none of them is a live token.
  const words = new Set(
    [
      ...JSON.stringify(lines).matchAll(/[A-Za-z0-9._~+/-]{24,}/g),
      ...texts.join(' ').matchAll(/[A-Za-z0-9._~+/-]{24,}/g),
    ].map((m) => m[0]),
  )
  for (const word of words) {
    const response = await sandbox.fetch(
      new Request(`${SANDBOX_URL}/locations/${oauth.locations.sandbox}`, {
        headers: { authorization: `Bearer ${word}`, version: '2021-07-28' },
      }),
    )
    assert.notEqual(response.status, 200, 'a live token appears in a log line or an answer')
  }
  assert.ok(store)
}

test('a location install over HTTP: the callback names the account and its site, and the site is served', async () => {
  const { sandbox, tokenStore, lines, install, calendar } = harness()
  assert.equal((await calendar()).status, 503, 'not installed yet')
  const installed = await install(oauth.locations.sandbox)
  assert.equal(installed.status, 200, installed.html)
  assert.match(installed.html, /location <strong>loc-sandbox<\/strong>/)
  assert.match(installed.html, /studio: location loc-sandbox/)
  assert.doesNotMatch(installed.html, /branch/)
  const answer = await calendar()
  const body = await answer.text()
  assert.equal(answer.status, 200, body)
  assert.ok((await tokenStore.get('location:loc-sandbox'))?.sealed.startsWith('g1.'))
  assert.ok(sandbox.webhookDeliveries().some((delivery) => delivery.type === 'INSTALL'))
  await assertNoTokenLeaked(sandbox, tokenStore, lines, [installed.html, body])
})

test('an agency install gives location tokens for its two locations', async () => {
  const { sandbox, install, calendar, first } = harness()
  const installed = await install(oauth.companyId)
  assert.equal(installed.status, 200, installed.html)
  assert.match(installed.html, /agency <strong>cmp-sandbox<\/strong>, for 2 locations/)
  assert.match(installed.html, /studio: location loc-sandbox/)
  assert.match(installed.html, /branch: location loc-branch/)
  assert.equal((await calendar()).status, 200)
  // The sandbox models no location resource but the seed's (403 for the branch), yet its log shows which
  // location the token belongs to: the branch's own location token, from the agency grant.
  await first.ghl.getLocationTimeZone(oauth.locations.branch).catch(() => undefined)
  const branch = sandbox.requests().find((request) => request.path === `/locations/${oauth.locations.branch}`)
  assert.equal(branch?.locationId, oauth.locations.branch)
  assert.equal(branch?.status, 403)
  const locationTokens = sandbox.requests().filter((request) => request.path === '/oauth/locationToken')
  assert.equal(locationTokens.length, 2)
  assert.ok(locationTokens.every((request) => request.status === 200))
})

test('expired tokens, 50 concurrent requests over two instances: one /oauth/token call, no 401 to a visitor', async () => {
  const { clock, sandbox, install, calendar, instance, first, tokenCalls } = harness()
  assert.equal((await install(oauth.locations.sandbox)).status, 200)
  const second = instance()
  assert.equal((await calendar(second)).status, 200)
  const exchanges = tokenCalls().length
  clock.advance(25 * 3_600_000)
  // Each request a new calendar read: past the calendar cache, so every one needs GHL and a token.
  const answers = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      (i % 2 ? first : second).ghl.getCalendar(oauth.locations.sandbox, CAL).then(
        () => 200,
        (error: { status?: number }) => error.status ?? 500,
      ),
    ),
  )
  const refreshes = tokenCalls().length - exchanges
  console.log(
    `50 concurrent GHL calls over 2 instances after expiry: ${refreshes} /oauth/token call(s), statuses ${[...new Set(answers)]}`,
  )
  assert.equal(refreshes, 1)
  assert.deepEqual([...new Set(answers)], [200])
  const unauthorized = sandbox.requests().filter((request) => request.status === 401)
  assert.equal(unauthorized.length, 0, 'no request went out with the expired token')
  assert.equal((await grants(sandbox))[0]?.counts.refreshes, 1)
})

test('a 401 for a token the proxy still trusts: refreshed once, and the same call made again with the new one', async () => {
  const { clock, lag, sandbox, install, first, tokenCalls } = harness({ accessTtlSeconds: 3_600 })
  assert.equal((await install(oauth.locations.sandbox)).status, 200)
  // Two hours pass for GHL, none for the proxy: the token it trusts is one GHL has let expire.
  clock.advance(2 * 3_600_000)
  lag.ms = 2 * 3_600_000
  const before = tokenCalls().length
  const calendar = await first.ghl.getCalendar(oauth.locations.sandbox, CAL)
  assert.equal(calendar.id, CAL)
  assert.equal(tokenCalls().length - before, 1, 'one refresh')
  const statuses = sandbox
    .requests()
    .filter((request) => request.path.startsWith('/calendars/'))
    .map((r) => r.status)
  assert.deepEqual(
    statuses,
    [401, 200],
    'GHL refused the old token once; the same call with the new one passed',
  )
})

test('a refresh token spent by mistake elsewhere: the grant is dead, the site says so, a reinstall recovers', async () => {
  const { clock, sandbox, tokenStore, install, calendar, lines, first } = harness()
  assert.equal((await install(oauth.locations.sandbox)).status, 200)
  // Another process (a copy of the store, a script) spends the stored refresh token: the sandbox takes it once.
  const stored = await tokenStore.get('location:loc-sandbox')
  const opened = JSON.parse(await openForTest(stored!.sealed))
  const spent = await sandbox.fetch(
    new Request(`${SANDBOX_URL}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: oauth.clientId,
        client_secret: oauth.clientSecret,
        grant_type: 'refresh_token',
        refresh_token: opened.refresh,
      }),
    }),
  )
  assert.equal(spent.status, 200)
  clock.advance(25 * 3_600_000)
  const answer = await first.ghl.getCalendar(oauth.locations.sandbox, CAL).catch((error) => error)
  assert.equal(answer.code, 'not_connected')
  assert.match(answer.message, /not installed any more/)
  const response = await calendar()
  assert.equal(response.status, 503)
  const body = (await response.json()) as { error: { code: string; message: string } }
  assert.equal(body.error.code, 'not_connected')
  assert.ok(lines.some((line) => line.msg === 'oauth.grant_dead'))
  assert.equal(
    (await tokenStore.get('location:loc-sandbox'))?.version,
    stored!.version,
    'kept for inspection',
  )
  assert.equal((await grants(sandbox))[0]?.counts.refusedRefreshes, 1)
  assert.equal((await install(oauth.locations.sandbox)).status, 200)
  assert.equal((await calendar()).status, 200, 'reinstalled without a restart')
})

test('uninstall through the signed webhook: the site answers not_connected; a reinstall recovers', async () => {
  const { sandbox, tokenStore, install, calendar, lines, first } = harness()
  assert.equal((await install(oauth.locations.sandbox)).status, 200)
  assert.equal((await calendar()).status, 200)
  const cached = await first.app.request(
    `${routes.slots('studio', CAL)}?from=${day(1)}&to=${day(7)}&timeZone=UTC`,
    { headers: { origin: ORIGIN } },
  )
  assert.equal(cached.status, 200)
  const uninstall = await sandbox.fetch(
    new Request(`${SANDBOX_URL}/_sandbox/oauth/uninstall`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ locationId: oauth.locations.sandbox }),
    }),
  )
  assert.equal(uninstall.status, 200)
  await sandbox.settle()
  const delivery = sandbox.webhookDeliveries().find((d) => d.type === 'UNINSTALL')
  assert.equal(delivery?.status, 200, JSON.stringify(delivery))
  assert.equal(await tokenStore.get('location:loc-sandbox'), undefined)
  assert.ok(await tokenStore.get('uninstalled:location:loc-sandbox'))
  // At once: the uninstall drops what was cached of the location's calendars and slots, which would otherwise stand
  // in for a failed read for up to an hour.
  const slots = await first.app.request(
    `${routes.slots('studio', CAL)}?from=${day(1)}&to=${day(7)}&timeZone=UTC`,
    { headers: { origin: ORIGIN } },
  )
  assert.equal(slots.status, 503)
  const response = await calendar()
  const body = (await response.json()) as { error?: { code: string; message: string } }
  assert.equal(response.status, 503, JSON.stringify(body))
  assert.equal(body.error?.code, 'not_connected')
  assert.match(body.error!.message, /GHL app is not installed/)
  assert.ok(lines.some((line) => line.msg === 'oauth.uninstalled'))
  assert.equal((await install(oauth.locations.sandbox)).status, 200)
  assert.equal(await tokenStore.get('uninstalled:location:loc-sandbox'), undefined)
  assert.equal((await calendar()).status, 200)
})

test('the callback refuses a tampered, missing, reused or other browser’s state without exchanging the code', async () => {
  const { install, first, tokenCalls } = harness()
  const done = await install(oauth.locations.sandbox)
  assert.equal(done.status, 200)
  const exchanges = tokenCalls().length
  const replayed = await first.app.request(done.back.href, { headers: { cookie: done.cookie } })
  assert.equal(replayed.status, 400)
  assert.match(await replayed.text(), /used already/)
  const start = await first.app.request(`${PROXY}/oauth/install`)
  const cookie = start.headers.get('set-cookie')!
  assert.match(cookie, /HttpOnly/)
  assert.match(cookie, /SameSite=Lax/)
  assert.match(cookie, /Path=\/oauth/)
  const state = new URL(start.headers.get('location')!).searchParams.get('state')!
  const nonce = cookie.split(';')[0]!
  const cases: [string, string | undefined, RegExp][] = [
    [`code=x&state=${encodeURIComponent(state.slice(0, -2) + 'AA')}`, nonce, /not one this proxy signed/],
    ['code=x', nonce, /no state/],
    [`code=x&state=${encodeURIComponent(state)}`, 'ghl_oauth_state=another', /another browser/],
    [`code=x&state=${encodeURIComponent(state)}`, undefined, /another browser/],
  ]
  for (const [query, cookieHeader, message] of cases) {
    const response = await first.app.request(`${PROXY}/oauth/callback?${query}`, {
      headers: cookieHeader ? { cookie: cookieHeader } : {},
    })
    assert.equal(response.status, 400)
    assert.match(await response.text(), message)
  }
  const declined = await first.app.request(
    `${PROXY}/oauth/callback?error=${encodeURIComponent('access_denied<img src=x>')}&state=${encodeURIComponent(state)}`,
    {
      headers: { cookie: nonce },
    },
  )
  assert.equal(declined.status, 400)
  const page = await declined.text()
  assert.match(page, /GHL answered: access_denied&lt;img src=x&gt;/, 'what GHL sent is shown as text')
  assert.doesNotMatch(page, /<img/)
  assert.equal(tokenCalls().length, exchanges, 'no code was exchanged')
})

test('Marketplace mode off: /oauth/install and /oauth/callback are 404', async () => {
  const proxy = buildProxy({ sites: [], tokenFor: () => undefined })
  assert.equal((await proxy.app.request('/oauth/install')).status, 404)
  assert.equal((await proxy.app.request('/oauth/callback?code=x')).status, 404)
})

/** Opens a sealed grant of the harness's key (key bytes all 11), as an operator inspecting the store would. */
async function openForTest(sealed: string): Promise<string> {
  const { createSealer } = await import('../proxy/src/oauth/seal.ts')
  const sealer = createSealer({ key: new Uint8Array(32).fill(11) })
  return (await sealer.open('location:loc-sandbox', sealed)).plaintext
}

test('an UNINSTALL sent before the current install (delivered late, or replayed elsewhere) leaves that install', async () => {
  const { clock, tokenStore, install, calendar, first } = harness()
  assert.equal((await install(oauth.locations.sandbox)).status, 200)
  // The uninstall that preceded this reinstall, arriving a minute after it: inside the accepted timestamp window.
  const body = new TextEncoder().encode(
    JSON.stringify({
      type: 'UNINSTALL',
      appId: oauth.appId,
      locationId: oauth.locations.sandbox,
      timestamp: new Date(clock.now() - 60_000).toISOString(),
      webhookId: 'wh-late-uninstall',
    }),
  )
  const late = await first.app.request(`${PROXY}/v1/webhooks/ghl`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-ghl-signature': await signWebhookBody(body) },
    body,
  })
  assert.equal(late.status, 200)
  assert.ok(await tokenStore.get('location:loc-sandbox'), 'the newer install is kept')
  assert.equal(await tokenStore.get('uninstalled:location:loc-sandbox'), undefined)
  assert.equal((await calendar()).status, 200)
})

test('an agency uninstall drops the company grant and its location tokens; another app’s uninstall changes nothing', async () => {
  const { clock, sandbox, tokenStore, install, calendar, first, lines } = harness()
  assert.equal((await install(oauth.companyId)).status, 200)
  assert.equal((await calendar()).status, 200)
  // A signed UNINSTALL of another Marketplace app, for the same agency: ignored.
  const body = new TextEncoder().encode(
    JSON.stringify({
      type: 'UNINSTALL',
      appId: 'another-app',
      companyId: oauth.companyId,
      timestamp: new Date(clock.now()).toISOString(),
      webhookId: 'wh-other-app',
    }),
  )
  const other = await first.app.request(`${PROXY}/v1/webhooks/ghl`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-ghl-signature': await signWebhookBody(body) },
    body,
  })
  assert.equal(other.status, 200)
  assert.ok(lines.some((line) => line.msg === 'webhook.other_app'))
  assert.ok(await tokenStore.get('company:cmp-sandbox'))

  const uninstall = await sandbox.fetch(
    new Request(`${SANDBOX_URL}/_sandbox/oauth/uninstall`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ companyId: oauth.companyId }),
    }),
  )
  assert.equal(uninstall.status, 200)
  await sandbox.settle()
  for (const key of ['company:cmp-sandbox', 'location:loc-sandbox', 'location:loc-branch'])
    assert.equal(await tokenStore.get(key), undefined, key)
  clock.advance(2 * 3_600_000)
  const response = await calendar()
  assert.equal(response.status, 503)
  assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'not_connected')
})

/** A proxy in Marketplace mode as deployed: GHL's Marketplace, an https redirect URI (`redirectUri`), no sites. */
const productionProxy = (redirectUri: string) =>
  buildProxy({
    sites: [],
    tokenFor: () => undefined,
    marketplace: {
      clientId: oauth.clientId,
      clientSecret: oauth.clientSecret,
      appId: oauth.appId,
      redirectUri,
      marketplaceUrl: 'https://marketplace.gohighlevel.com',
      scopes: 'calendars.readonly oauth.write',
      encryptionKey: new Uint8Array(32).fill(1),
    },
  })

test('a state older than 10 minutes is refused as expired; an https redirect URI makes the cookie Secure', async () => {
  const { clock, first, tokenCalls } = harness()
  const start = await first.app.request(`${PROXY}/oauth/install`)
  assert.doesNotMatch(start.headers.get('set-cookie')!, /Secure/)
  const state = new URL(start.headers.get('location')!).searchParams.get('state')!
  clock.advance(11 * 60_000)
  const late = await first.app.request(`${PROXY}/oauth/callback?code=x&state=${encodeURIComponent(state)}`, {
    headers: { cookie: start.headers.get('set-cookie')!.split(';')[0]! },
  })
  assert.equal(late.status, 400)
  assert.match(await late.text(), /has expired/)
  assert.equal(tokenCalls().length, 0)

  const https = productionProxy('https://booking.example.com/oauth/callback')
  const secure = await https.app.request('https://booking.example.com/oauth/install')
  assert.match(secure.headers.get('set-cookie')!, /Secure/)
  assert.match(secure.headers.get('set-cookie')!, /Path=\/oauth(;|$)/)
  const to = new URL(secure.headers.get('location')!)
  assert.equal(`${to.origin}${to.pathname}`, 'https://marketplace.gohighlevel.com/v2/oauth/chooselocation')
  assert.equal(to.searchParams.get('scope'), 'calendars.readonly oauth.write')
  assert.equal(to.searchParams.get('response_type'), 'code')
  assert.equal(to.searchParams.get('redirect_uri'), 'https://booking.example.com/oauth/callback')
})

test('behind a path prefix the state cookie is scoped to the callback’s folder, so the browser sends it back', async () => {
  const prefixed = productionProxy('https://www.example.com/booking/oauth/callback')
  const start = await prefixed.app.request('https://www.example.com/oauth/install')
  assert.match(start.headers.get('set-cookie')!, /Path=\/booking\/oauth(;|$)/)
})

test('an install for a location no site uses keeps nothing, and says so', async () => {
  const { install, tokenStore, lines } = harness({ branchSite: false })
  const done = await install(oauth.locations.branch)
  assert.equal(done.status, 200)
  assert.match(done.html, /No site of this proxy uses the\s+location/)
  assert.equal(await tokenStore.get('location:loc-branch'), undefined)
  assert.ok(lines.some((line) => line.msg === 'oauth.install_unused'))
  // An agency install keeps its grant and a derived record only for the locations the sites file names.
  const agency = await install(oauth.companyId)
  assert.equal(agency.status, 200)
  assert.ok(await tokenStore.get('company:cmp-sandbox'))
  assert.ok(await tokenStore.get('location:loc-sandbox'))
  assert.equal(await tokenStore.get('location:loc-branch'), undefined)
})

test('a store that cannot take the new grant: a 503 page saying so, logged, never a 500 or a token', async () => {
  const { install, tokenStore, lines } = harness()
  tokenStore.replace = async () => {
    throw new Error('The token store is unavailable')
  }
  const done = await install(oauth.locations.sandbox)
  assert.equal(done.status, 503)
  assert.match(done.html, /could not store it/)
  assert.ok(lines.some((line) => line.msg === 'oauth.install_unsaved'))
})
