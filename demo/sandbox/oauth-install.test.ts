// Installs through the sandbox's OAuth model: an agency install and its location tokens, the signed AppInstall
// and AppUninstall webhooks, and an uninstall revoking every token of the account.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createPublicKey, verify } from 'node:crypto'
import { createClock, createSandbox, SANDBOX, SANDBOX_WEBHOOK_PUBLIC_KEY, type Sandbox } from './index.ts'
import { authorize, exchangeCode, postForm, refreshTokens } from './oauth-testing.ts'
import { GHL_VERSIONS } from './versions.ts'

const START = Date.parse('2026-03-02T14:00:00Z')
const { oauth } = SANDBOX
const publicKey = createPublicKey(SANDBOX_WEBHOOK_PUBLIC_KEY)

/** A sandbox whose webhooks land in `received`, verified against the public key. */
function sandboxWithReceiver() {
  const received: { payload: any; verified: boolean }[] = []
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init)
    const body = new Uint8Array(await request.arrayBuffer())
    const signature = request.headers.get('x-ghl-signature') ?? ''
    received.push({
      payload: JSON.parse(new TextDecoder().decode(body)),
      verified: verify(null, body, publicKey, Buffer.from(signature, 'base64')),
    })
    return new Response(null, { status: 200 })
  }) as typeof globalThis.fetch
  const sandbox = createSandbox({
    clock: createClock({ start: START, frozen: true }),
    webhook: { url: 'https://proxy.test/v1/webhooks/ghl', fetch },
  })
  return { sandbox, received }
}

const locationToken = (
  sandbox: Sandbox,
  bearer: string,
  locationId: string,
  companyId: string = oauth.companyId,
) =>
  postForm(
    sandbox,
    '/oauth/locationToken',
    { companyId, locationId },
    { authorization: `Bearer ${bearer}`, version: '2021-07-28' },
  )

const readCalendars = async (sandbox: Sandbox, token: string, locationId: string) =>
  (
    await sandbox.app.request(`/calendars/?locationId=${locationId}`, {
      headers: { authorization: `Bearer ${token}`, version: GHL_VERSIONS.calendars },
    })
  ).status

test('an agency install: a Company token, a location token for each approved location, none for another', async () => {
  const { sandbox, received } = sandboxWithReceiver()
  const company = await exchangeCode(sandbox, await authorize(sandbox, oauth.companyId))
  assert.equal(company.status, 200)
  assert.equal(company.body.userType, 'Company')
  assert.equal(company.body.companyId, oauth.companyId)
  assert.equal(company.body.locationId, undefined)
  assert.deepEqual(company.body.approvedLocations, [oauth.locations.sandbox, oauth.locations.branch])

  // A Company token names no location: the API's location routes refuse it.
  assert.equal(await readCalendars(sandbox, company.body.access_token, oauth.locations.sandbox), 401)

  for (const locationId of company.body.approvedLocations) {
    const minted = await locationToken(sandbox, company.body.access_token, locationId)
    assert.equal(minted.status, 200, locationId)
    assert.equal(minted.body.locationId, locationId)
    assert.equal(minted.body.token_type, 'Bearer')
    assert.equal(minted.body.expires_in, 86_399)
    assert.equal(minted.body.refresh_token, undefined)
    assert.equal(await readCalendars(sandbox, minted.body.access_token, locationId), 200)
  }
  assert.equal((await locationToken(sandbox, company.body.access_token, 'loc-elsewhere')).status, 400)
  assert.equal(
    (await locationToken(sandbox, company.body.access_token, oauth.locations.sandbox, 'cmp-other')).status,
    400,
  )
  // The locationToken endpoint wants its Version, and an agency token (not a location one, not an unknown one).
  const noVersion = await postForm(
    sandbox,
    '/oauth/locationToken',
    { companyId: oauth.companyId, locationId: oauth.locations.sandbox },
    { authorization: `Bearer ${company.body.access_token}` },
  )
  assert.equal(noVersion.status, 400)
  const unknown = await locationToken(sandbox, 'nope', oauth.locations.sandbox)
  assert.deepEqual([unknown.status, unknown.body], [401, { statusCode: 401, message: 'Invalid JWT' }])
  const minted = await locationToken(sandbox, company.body.access_token, oauth.locations.sandbox)
  assert.equal((await locationToken(sandbox, minted.body.access_token, oauth.locations.sandbox)).status, 401)

  await sandbox.settle()
  assert.equal(received.length, 1)
  const [install] = received
  assert.ok(install!.verified, 'the signature verifies')
  assert.deepEqual(
    { ...install!.payload, timestamp: undefined, webhookId: undefined },
    {
      type: 'INSTALL',
      appId: oauth.appId,
      companyId: oauth.companyId,
      companyName: oauth.companyName,
      userId: oauth.userId,
      timestamp: undefined,
      webhookId: undefined,
    },
  )
  assert.equal(install!.payload.timestamp, new Date(START).toISOString())
  const state = await (await sandbox.app.request('/_sandbox/oauth/state')).json()
  assert.equal(state.grants[0].counts.locationTokens, 3)
})

test('a location install sends one AppInstall; a second code for the same account sends none', async () => {
  const { sandbox, received } = sandboxWithReceiver()
  await exchangeCode(sandbox, await authorize(sandbox, oauth.locations.sandbox))
  await exchangeCode(sandbox, await authorize(sandbox, oauth.locations.sandbox))
  await sandbox.settle()
  assert.deepEqual(
    received.map((r) => [r.payload.type, r.payload.locationId, r.payload.companyId, r.verified]),
    [['INSTALL', oauth.locations.sandbox, oauth.companyId, true]],
  )
})

test('uninstalling a location revokes its tokens and sends a signed AppUninstall', async () => {
  const { sandbox, received } = sandboxWithReceiver()
  const pair = await exchangeCode(sandbox, await authorize(sandbox, oauth.locations.sandbox))
  const other = await exchangeCode(sandbox, await authorize(sandbox, oauth.locations.branch))
  const response = await sandbox.app.request('/_sandbox/oauth/uninstall', {
    method: 'POST',
    body: JSON.stringify({ locationId: oauth.locations.sandbox }),
  })
  assert.equal(response.status, 200)
  assert.equal(await readCalendars(sandbox, pair.body.access_token, oauth.locations.sandbox), 401)
  assert.equal((await refreshTokens(sandbox, pair.body.refresh_token)).status, 400)
  assert.equal(await readCalendars(sandbox, other.body.access_token, oauth.locations.branch), 200)
  await sandbox.settle()
  // Deliveries are signed and sent concurrently: they may arrive in any order, so each is found by its type.
  const uninstalls = received.filter((delivery) => delivery.payload.type === 'UNINSTALL')
  assert.equal(uninstalls.length, 1)
  const uninstall = uninstalls[0]!
  assert.ok(uninstall.verified)
  assert.equal(uninstall.payload.type, 'UNINSTALL')
  assert.equal(uninstall.payload.appId, oauth.appId)
  assert.equal(uninstall.payload.locationId, oauth.locations.sandbox)
  assert.equal(typeof uninstall.payload.webhookId, 'string')
  // Nothing installed there any more.
  const again = await sandbox.app.request('/_sandbox/oauth/uninstall', {
    method: 'POST',
    body: JSON.stringify({ locationId: oauth.locations.sandbox }),
  })
  assert.equal(again.status, 404)
})

test('uninstalling the agency revokes the company token and the location tokens minted from it', async () => {
  const { sandbox, received } = sandboxWithReceiver()
  const company = await exchangeCode(sandbox, await authorize(sandbox, oauth.companyId))
  const minted = await locationToken(sandbox, company.body.access_token, oauth.locations.branch)
  assert.equal(await readCalendars(sandbox, minted.body.access_token, oauth.locations.branch), 200)
  await sandbox.app.request('/_sandbox/oauth/uninstall', {
    method: 'POST',
    body: JSON.stringify({ companyId: oauth.companyId }),
  })
  assert.equal(await readCalendars(sandbox, minted.body.access_token, oauth.locations.branch), 401)
  assert.equal((await locationToken(sandbox, company.body.access_token, oauth.locations.branch)).status, 401)
  await sandbox.settle()
  assert.deepEqual(
    received
      .filter((delivery) => delivery.payload.type === 'UNINSTALL')
      .map((delivery) => ({ companyId: delivery.payload.companyId, v: delivery.verified })),
    [{ companyId: oauth.companyId, v: true }],
  )
  assert.deepEqual((await (await sandbox.app.request('/_sandbox/oauth/state')).json()).grants, [])
})

test('reset forgets every grant', async () => {
  const { sandbox } = sandboxWithReceiver()
  const pair = await exchangeCode(sandbox, await authorize(sandbox, oauth.locations.sandbox))
  sandbox.reset()
  assert.equal(await readCalendars(sandbox, pair.body.access_token, oauth.locations.sandbox), 401)
  assert.deepEqual((await (await sandbox.app.request('/_sandbox/oauth/state')).json()).grants, [])
})

test('codes and tokens are bounded: the oldest code and the oldest access token of a grant are dropped', async () => {
  const { sandbox } = sandboxWithReceiver()
  const first = await authorize(sandbox, oauth.locations.sandbox)
  for (let i = 0; i < 100; i++) await authorize(sandbox, oauth.locations.sandbox)
  assert.equal((await (await sandbox.app.request('/_sandbox/oauth/state')).json()).liveCodes, 100)
  assert.equal((await exchangeCode(sandbox, first)).status, 400)

  const pair = await exchangeCode(sandbox, await authorize(sandbox, oauth.locations.sandbox))
  let refresh = pair.body.refresh_token
  for (let i = 0; i < 50; i++) refresh = (await refreshTokens(sandbox, refresh)).body.refresh_token
  assert.equal(await readCalendars(sandbox, pair.body.access_token, oauth.locations.sandbox), 401)
  const grant = (await (await sandbox.app.request('/_sandbox/oauth/state')).json()).grants[0]
  assert.equal(grant.liveAccessTokens, 50)
  assert.equal(grant.liveRefreshTokens, 1)
})
