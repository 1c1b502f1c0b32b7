// The sandbox's OAuth model, end to end through its fetch: authorize page, token exchange, expiry on the sandbox
// clock, rotating single-use refresh tokens, and the API accepting an access token only for its location.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createClock, createSandbox, SANDBOX } from './index.ts'
import {
  authorize,
  authorizeQuery,
  chooseAccount,
  exchangeCode,
  postForm,
  refreshTokens,
  TEST_REDIRECT_URI,
  tokenRequest,
} from './oauth-testing.ts'
import { GHL_VERSIONS } from './versions.ts'

const START = Date.parse('2026-03-02T14:00:00Z')
const { oauth } = SANDBOX
const frozenSandbox = (accessTtlSeconds?: number) =>
  createSandbox({
    clock: createClock({ start: START, frozen: true }),
    ...(accessTtlSeconds && { oauth: { accessTtlSeconds } }),
  })

/** A calendar read with a bearer token. */
async function readCalendar(
  sandbox: ReturnType<typeof createSandbox>,
  token: string,
  locationId: string = oauth.locations.sandbox,
) {
  const response = await sandbox.app.request(`/calendars/?locationId=${locationId}`, {
    headers: { authorization: `Bearer ${token}`, version: GHL_VERSIONS.calendars },
  })
  return { status: response.status, body: await response.json() }
}

test('the whole flow: page, redirect with code and state, exchange, expiry, rotation, single-use refresh', async () => {
  const sandbox = frozenSandbox(3600)
  const query = authorizeQuery({ state: 'st-123' })
  const page = await sandbox.app.request(`/v2/oauth/chooselocation?${query}`)
  assert.equal(page.status, 200)
  assert.match(page.headers.get('content-type') ?? '', /^text\/html/)
  assert.match(await page.text(), /value="loc-sandbox"/)

  const chosen = await chooseAccount(sandbox, oauth.locations.sandbox, query)
  assert.equal(chosen.status, 302)
  const redirect = new URL(chosen.headers.get('location')!)
  assert.equal(`${redirect.origin}${redirect.pathname}`, TEST_REDIRECT_URI)
  assert.equal(redirect.searchParams.get('state'), 'st-123')
  const code = redirect.searchParams.get('code')!
  assert.ok(code)

  const pair = await exchangeCode(sandbox, code)
  assert.equal(pair.status, 200)
  assert.equal(pair.body.token_type, 'Bearer')
  assert.equal(pair.body.expires_in, 3600)
  assert.equal(pair.body.userType, 'Location')
  assert.equal(pair.body.locationId, oauth.locations.sandbox)
  assert.equal(pair.body.companyId, oauth.companyId)
  assert.equal(pair.body.scope, 'calendars.readonly calendars/events.write')
  assert.doesNotMatch(pair.body.access_token, /^pit-/)
  assert.notEqual(pair.body.access_token, pair.body.refresh_token)

  const read = await readCalendar(sandbox, pair.body.access_token)
  assert.equal(read.status, 200)
  assert.equal(read.body.calendars.length, 5)

  sandbox.clock.advance(3599_000)
  assert.equal((await readCalendar(sandbox, pair.body.access_token)).status, 200)
  sandbox.clock.advance(1000)
  const expired = await readCalendar(sandbox, pair.body.access_token)
  assert.deepEqual(
    { status: expired.status, body: expired.body },
    {
      status: 401,
      body: { statusCode: 401, message: 'Invalid JWT' },
    },
  )

  const next = await refreshTokens(sandbox, pair.body.refresh_token)
  assert.equal(next.status, 200)
  assert.notEqual(next.body.access_token, pair.body.access_token)
  assert.notEqual(next.body.refresh_token, pair.body.refresh_token)
  assert.equal((await readCalendar(sandbox, next.body.access_token)).status, 200)

  const reused = await refreshTokens(sandbox, pair.body.refresh_token)
  assert.equal(reused.status, 400)
  assert.equal(reused.body.error, 'invalid_grant')
  assert.equal(reused.body.statusCode, 400)

  const third = await refreshTokens(sandbox, next.body.refresh_token)
  assert.equal(third.status, 200)
  assert.equal((await refreshTokens(sandbox, next.body.refresh_token)).status, 400)

  const state = await (await sandbox.app.request('/_sandbox/oauth/state')).json()
  assert.equal(state.grants.length, 1)
  assert.deepEqual(state.grants[0].counts, {
    tokenExchanges: 1,
    refreshes: 2,
    refusedRefreshes: 2,
    locationTokens: 0,
  })
  const text = JSON.stringify(state)
  for (const token of [pair, next, third].flatMap((p) => [p.body.access_token, p.body.refresh_token]))
    assert.ok(!text.includes(token), 'state shows no token value')
  // Every token call is in the request log, as any other request.
  assert.equal(sandbox.requests().filter((r) => r.path === '/oauth/token').length, 5)
})

test('a refresh leaves the earlier access token valid until it expires', async () => {
  const sandbox = frozenSandbox(600)
  const first = await exchangeCode(sandbox, await authorize(sandbox, oauth.locations.sandbox))
  sandbox.clock.advance(300_000)
  const second = await refreshTokens(sandbox, first.body.refresh_token)
  assert.equal((await readCalendar(sandbox, first.body.access_token)).status, 200)
  sandbox.clock.advance(300_000)
  assert.equal((await readCalendar(sandbox, first.body.access_token)).status, 401)
  assert.equal((await readCalendar(sandbox, second.body.access_token)).status, 200)
})

test('a location token is refused on another location: loc-branch cannot read loc-sandbox', async () => {
  const sandbox = frozenSandbox()
  const branch = await exchangeCode(sandbox, await authorize(sandbox, oauth.locations.branch))
  assert.equal(branch.body.expires_in, 86_399)
  const token = branch.body.access_token
  assert.equal((await readCalendar(sandbox, token, oauth.locations.branch)).status, 200)
  assert.equal((await readCalendar(sandbox, token)).status, 403)
  const headers = { authorization: `Bearer ${token}`, version: GHL_VERSIONS.calendars }
  const one = await sandbox.app.request(`/calendars/${SANDBOX.calendars.consultation}`, { headers })
  assert.equal(one.status, 400)
  const slots = await sandbox.app.request(
    `/calendars/${SANDBOX.calendars.consultation}/free-slots?startDate=${START}&endDate=${START + 86_400_000}`,
    { headers },
  )
  assert.equal(slots.status, 400)
  // The PIT still reads its location.
  assert.equal((await readCalendar(sandbox, SANDBOX.token)).status, 200)
  assert.equal((await readCalendar(sandbox, 'not-a-token')).status, 401)
})

test('the token endpoint: wrong secret 401, JSON body 422, missing field 422, code single-use and bound to its redirect_uri', async () => {
  const sandbox = frozenSandbox()
  const code = await authorize(sandbox, oauth.locations.sandbox)

  const wrongSecret = await tokenRequest(sandbox, {
    client_secret: 'nope',
    grant_type: 'authorization_code',
    code,
    redirect_uri: TEST_REDIRECT_URI,
  })
  assert.equal(wrongSecret.status, 401)
  assert.equal(wrongSecret.body.statusCode, 401)

  const json = await sandbox.app.request('/oauth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_id: oauth.clientId,
      client_secret: oauth.clientSecret,
      grant_type: 'authorization_code',
      code,
      redirect_uri: TEST_REDIRECT_URI,
    }),
  })
  assert.equal(json.status, 422)
  const missing = await tokenRequest(sandbox, { grant_type: 'authorization_code', code })
  assert.equal(missing.status, 422)

  const otherUri = await exchangeCode(sandbox, code, 'http://localhost:9999/oauth/callback')
  assert.equal(otherUri.status, 400)
  assert.equal(otherUri.body.error, 'invalid_grant')

  const ok = await exchangeCode(sandbox, code)
  assert.equal(ok.status, 200)
  const again = await exchangeCode(sandbox, code)
  assert.deepEqual([again.status, again.body.error], [400, 'invalid_grant'])
  // No Version header was sent on any of these.
  assert.ok(sandbox.requests().every((r) => r.version === undefined))
})

test('a code expires after 10 minutes on the sandbox clock', async () => {
  const sandbox = frozenSandbox()
  const code = await authorize(sandbox, oauth.locations.sandbox)
  sandbox.clock.advance(600_000)
  assert.equal((await exchangeCode(sandbox, code)).status, 400)
})

test('the authorize page refuses a bad client_id, redirect_uri or response_type with a 400 page, no redirect', async () => {
  const sandbox = frozenSandbox()
  const bad: Record<string, string>[] = [
    { client_id: 'other' },
    { redirect_uri: 'https://evil.test/oauth/callback' },
    { redirect_uri: 'http://localhost:8787/elsewhere' },
    { response_type: 'token' },
  ]
  for (const extra of bad) {
    const response = await sandbox.app.request(`/v2/oauth/chooselocation?${authorizeQuery(extra)}`)
    assert.equal(response.status, 400, JSON.stringify(extra))
    assert.equal(response.headers.get('location'), null)
    const posted = await chooseAccount(sandbox, oauth.locations.sandbox, authorizeQuery(extra))
    assert.equal(posted.status, 400, JSON.stringify(extra))
  }
  const registered = createSandbox({ oauth: { redirectUris: ['https://proxy.example/oauth/callback'] } })
  const ok = await registered.app.request(
    `/v2/oauth/chooselocation?${authorizeQuery({ redirect_uri: 'https://proxy.example/oauth/callback' })}`,
  )
  assert.equal(ok.status, 200)
})

test('the authorize page escapes a hostile state and scope', async () => {
  const sandbox = frozenSandbox()
  const hostile = '"><script>alert(1)</script><img src=x onerror=alert(2)>\'&'
  const html = await (
    await sandbox.app.request(
      `/v2/oauth/chooselocation?${authorizeQuery({ state: hostile, scope: hostile })}`,
    )
  ).text()
  assert.ok(!html.includes('<script'), 'no script element')
  assert.ok(!html.includes('<img'), 'no injected element')
  assert.ok(html.includes('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;'))
  // ...and the state comes back verbatim on the redirect.
  const chosen = await chooseAccount(sandbox, oauth.companyId, authorizeQuery({ state: hostile }))
  assert.equal(new URL(chosen.headers.get('location')!).searchParams.get('state'), hostile)
})

test('custom client credentials replace the defaults', async () => {
  const sandbox = createSandbox({ oauth: { clientId: 'cid', clientSecret: 'sec' } })
  const query = authorizeQuery({ client_id: 'cid' })
  const chosen = await chooseAccount(sandbox, oauth.locations.sandbox, query)
  const code = new URL(chosen.headers.get('location')!).searchParams.get('code')!
  const refused = await exchangeCode(sandbox, code)
  assert.equal(refused.status, 401)
  const ok = await postForm(sandbox, '/oauth/token', {
    client_id: 'cid',
    client_secret: 'sec',
    grant_type: 'authorization_code',
    code,
    redirect_uri: TEST_REDIRECT_URI,
  })
  assert.equal(ok.status, 200)
})
