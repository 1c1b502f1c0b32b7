import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createFakeOAuth } from '../../../test/support/fake-oauth.ts'
import { TEST_NOW } from '../../../test/support/dates.ts'
import { ProxyError } from '../errors.ts'
import type { LogEntry } from '../logger.ts'
import type { TokenRefreshOutcome } from '../metrics/metrics.ts'
import { createMemoryTokenStore, type TokenStore } from '../stores/tokens.ts'
import { createMarketplace } from './marketplace.ts'

const HOUR = 3_600_000
const SETTINGS = {
  clientId: 'client-1',
  clientSecret: 'client-secret-never-shown',
  appId: 'app-1',
  redirectUri: 'http://localhost:1/oauth/callback',
  marketplaceUrl: 'http://localhost:1',
  scopes: 'calendars.readonly',
  encryptionKey: new Uint8Array(32).fill(5),
}

/** A fake GHL token endpoint, one token store, and instances of the token source over them on one pinned clock. */
function setup(options: { store?: TokenStore; waitMs?: number } = {}) {
  const clock = { now: TEST_NOW }
  const now = () => clock.now
  const ghl = createFakeOAuth({ clock: now })
  const store = options.store ?? createMemoryTokenStore({ clock: now })
  const logs: LogEntry[] = []
  const outcomes: TokenRefreshOutcome[] = []
  /** A token source over the shared store (or `tokenStore`, a view of it). */
  const instance = (tokenStore = store) =>
    createMarketplace({
      settings: SETTINGS,
      apiBase: 'https://ghl.test',
      tokenStore,
      fetch: ghl.fetch,
      clock: now,
      tuning: { waitMs: options.waitMs ?? 2_000 },
      log: (entry) => logs.push(entry),
      metrics: {
        request() {},
        slotRead() {},
        upstream() {},
        throttleWaiting() {},
        throttleWaited() {},
        throttleRefused() {},
        booking() {},
        rateLimited() {},
        opportunity() {},
        tokenRefresh: (outcome) => outcomes.push(outcome),
      },
    })
  /** Every token the fake gave must stay out of the logs. */
  const assertNoTokenLogged = () => {
    const text = JSON.stringify(logs)
    assert.doesNotMatch(text, /fake-(access|refresh|location-access)|client-secret-never-shown/)
  }
  return { clock, ghl, store, logs, outcomes, instance, assertNoTokenLogged }
}

test('a location token is refreshed when less than the margin of its life is left, and not before', async () => {
  const { clock, ghl, instance, outcomes, assertNoTokenLogged } = setup()
  const proxy = instance()
  const first = await proxy.accounts.install(ghl.install('Location', 'loc-1'))
  assert.deepEqual(first, { userType: 'Location', accountId: 'loc-1', locations: ['loc-1'] })
  const token = await proxy.tokens.tokenFor('loc-1')
  clock.now += 86_399_000 - 6 * 60_000
  assert.equal(await proxy.tokens.tokenFor('loc-1'), token, 'six minutes left: kept')
  assert.equal(ghl.refreshCalls(), 0)
  clock.now += 2 * 60_000
  const renewed = await proxy.tokens.tokenFor('loc-1')
  assert.notEqual(renewed, token)
  assert.ok(ghl.accepts(renewed))
  assert.equal(ghl.refreshCalls(), 1)
  assert.deepEqual(outcomes, ['refreshed'])
  assert.equal(
    await instance().tokens.tokenFor('loc-1'),
    renewed,
    'another instance reads the new pair from the store',
  )
  assertNoTokenLogged()
})

test('after a 401 the token is refreshed once, whatever the clock says; a stale refusal gets the new token', async () => {
  const { ghl, instance } = setup()
  const proxy = instance()
  await proxy.accounts.install(ghl.install('Location', 'loc-1'))
  const refused = await proxy.tokens.tokenFor('loc-1')
  const renewed = await proxy.tokens.renew('loc-1', refused)
  assert.ok(renewed && renewed !== refused)
  assert.equal(ghl.refreshCalls(), 1)
  assert.equal(
    await proxy.tokens.renew('loc-1', refused),
    renewed,
    'a request that held the old one gets the new',
  )
  assert.equal(await instance().tokens.renew('loc-1', refused), renewed, 'in another instance too')
  assert.equal(ghl.refreshCalls(), 1)
})

test('a 401 for the token a 401 just renewed (a missing scope answers 401 too) is final: no refresh per request', async () => {
  const { clock, ghl, instance } = setup()
  const proxy = instance()
  await proxy.accounts.install(ghl.install('Location', 'loc-1'))
  const renewed = await proxy.tokens.renew('loc-1', await proxy.tokens.tokenFor('loc-1'))
  assert.equal(ghl.refreshCalls(), 1)
  for (let i = 0; i < 5; i++) assert.equal(await proxy.tokens.renew('loc-1', renewed!), undefined)
  assert.equal(
    ghl.refreshCalls(),
    1,
    'GHL refuses a token it issued a moment ago: refreshing spends pairs for nothing',
  )
  clock.now += 61_000
  const again = await proxy.tokens.renew('loc-1', renewed!)
  assert.ok(again && again !== renewed, 'a minute later a refusal renews again')
  assert.equal(ghl.refreshCalls(), 2)
})

test('50 concurrent requests over two instances with an expired token: one refresh, every one gets a valid token', async () => {
  const { clock, ghl, instance, outcomes } = setup()
  const [a, b] = [instance(), instance()]
  await a.accounts.install(ghl.install('Location', 'loc-1'))
  await Promise.all([a.tokens.tokenFor('loc-1'), b.tokens.tokenFor('loc-1')])
  clock.now += 25 * HOUR
  const release = ghl.hold()
  const tokens = Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).tokens.tokenFor('loc-1')))
  await new Promise((resolve) => setTimeout(resolve, 50))
  release()
  const got = await tokens
  assert.equal(ghl.refreshCalls(), 1, 'exactly one /oauth/token call')
  assert.equal(new Set(got).size, 1)
  assert.ok(ghl.accepts(got[0]!), 'and GHL takes it')
  assert.deepEqual(
    outcomes.sort(),
    ['refreshed', 'waited'],
    'one instance refreshed, the other waited for its write',
  )
})

test('a lease that ran out while a slow refresh was in flight: the second refresher is refused and uses the first one’s pair', async () => {
  const { clock, ghl, store, instance, logs } = setup()
  const [a, b] = [instance(), instance()]
  await a.accounts.install(ghl.install('Location', 'loc-1'))
  clock.now += 25 * HOUR
  const release = ghl.hold()
  const slow = a.tokens.tokenFor('loc-1')
  await new Promise((resolve) => setTimeout(resolve, 20))
  clock.now += 20_000 // past the 15 s lease: b takes it and spends the same refresh token
  const racing = b.tokens.tokenFor('loc-1')
  await new Promise((resolve) => setTimeout(resolve, 20))
  assert.equal(ghl.refreshCalls(), 2)
  release()
  const [first, second] = await Promise.all([slow, racing])
  assert.equal(first, second, 'b waited for a’s write instead of failing')
  assert.ok(ghl.accepts(first))
  const stored = await store.get('location:loc-1')
  assert.equal(stored?.version, 2, 'one write: b wrote and deleted nothing')
  assert.ok(!logs.some((entry) => entry.msg === 'oauth.grant_dead'))
  clock.now += 25 * HOUR
  assert.ok(
    ghl.accepts(await instance().tokens.tokenFor('loc-1')),
    'the stored refresh token is the live one',
  )
})

test('invalid_grant while the store still holds that refresh token: the grant is dead, said so, and kept', async () => {
  const { clock, ghl, store, instance, logs, outcomes } = setup({ waitMs: 200 })
  const proxy = instance()
  const answer = ghl.install('Location', 'loc-1')
  await proxy.accounts.install(answer)
  ghl.revoke(answer.refresh_token)
  const before = await store.get('location:loc-1')
  clock.now += 25 * HOUR
  await assert.rejects(proxy.tokens.tokenFor('loc-1'), (error: ProxyError) => {
    assert.equal(error.status, 503)
    assert.equal(error.code, 'not_connected')
    assert.match(error.message, /GHL app is not installed/)
    return true
  })
  await assert.rejects(proxy.tokens.tokenFor('loc-1'), /not installed/)
  assert.equal(ghl.refreshCalls(), 1, 'a dead grant is not tried again')
  assert.deepEqual(await store.get('location:loc-1'), before, 'the record is kept for inspection')
  assert.deepEqual(outcomes, ['dead'])
  assert.ok(logs.some((entry) => entry.msg === 'oauth.grant_dead' && entry.level === 'error'))
  await proxy.accounts.install(ghl.install('Location', 'loc-1'))
  assert.ok(ghl.accepts(await proxy.tokens.tokenFor('loc-1')), 'a reinstall recovers without a restart')
})

test('the store fails after a refresh: the new pair is kept in memory, used, and written once the store is back', async () => {
  const clockRef = { now: TEST_NOW }
  const inner = createMemoryTokenStore({ clock: () => clockRef.now })
  let failing = false
  const store: TokenStore = {
    ...inner,
    put: (key, sealed, expected) =>
      failing ? Promise.reject(new Error('store down')) : inner.put(key, sealed, expected),
  }
  const { clock, ghl, instance, logs, assertNoTokenLogged } = setup({ store })
  clock.now = clockRef.now
  const sync = () => (clockRef.now = clock.now)
  const [a, b] = [instance(), instance()]
  await a.accounts.install(ghl.install('Location', 'loc-1'))
  clock.now += 25 * HOUR
  sync()
  failing = true
  const renewed = await a.tokens.tokenFor('loc-1')
  assert.ok(ghl.accepts(renewed))
  assert.ok(logs.some((entry) => entry.msg === 'oauth.grant_write_failed'))
  assert.ok(logs.some((entry) => entry.msg === 'oauth.grant_unsaved' && entry.level === 'error'))
  assert.equal((await inner.get('location:loc-1'))?.version, 1)
  assert.equal(await a.tokens.tokenFor('loc-1'), renewed, 'kept in memory')
  failing = false
  clock.now += 10_000
  sync()
  assert.equal(await a.tokens.tokenFor('loc-1'), renewed)
  assert.equal((await inner.get('location:loc-1'))?.version, 2, 'written once the store took writes again')
  clock.now += 25 * HOUR
  sync()
  assert.ok(
    ghl.accepts(await b.tokens.tokenFor('loc-1')),
    'the stored refresh token is the one GHL still takes',
  )
  assert.equal(ghl.refreshCalls(), 2)
  assertNoTokenLogged()
})

test('an agency grant gives location tokens, fetched once and kept sealed under the location', async () => {
  const { clock, ghl, store, instance } = setup()
  const [a, b] = [instance(), instance()]
  const installed = await a.accounts.install(ghl.install('Company', 'cmp-1'))
  assert.deepEqual(installed.locations, ['loc-a', 'loc-b'])
  const tokenA = await a.tokens.tokenFor('loc-a')
  assert.match(tokenA, /location-access.*loc-a/)
  assert.equal(await b.tokens.tokenFor('loc-a'), tokenA, 'the other instance reads it from the store')
  assert.match(await b.tokens.tokenFor('loc-b'), /loc-b/)
  assert.equal(ghl.calls.filter((call) => call.path === '/oauth/locationToken').length, 2)
  assert.doesNotMatch((await store.get('location:loc-a'))!.sealed, /access/)
  clock.now += 25 * HOUR
  const later = await a.tokens.tokenFor('loc-a')
  assert.ok(ghl.accepts(later))
  assert.equal(ghl.refreshCalls(), 1, 'the expired company token was refreshed first')
  await a.accounts.uninstall({ companyId: 'cmp-1' })
  for (const key of ['company:cmp-1', 'location:loc-a', 'location:loc-b'])
    assert.equal(await store.get(key), undefined)
  await assert.rejects(a.tokens.tokenFor('loc-a'), /uninstalled/)
  await assert.rejects(instance().tokens.tokenFor('loc-b'), /uninstalled/)
})

test('after a key rotation, a grant sealed with the previous key still serves and moves to the new key at its next write', async () => {
  const { clock, ghl, store } = setup()
  const before = createMarketplace({
    settings: SETTINGS,
    apiBase: 'https://ghl.test',
    tokenStore: store,
    fetch: ghl.fetch,
    clock: () => clock.now,
  })
  await before.accounts.install(ghl.install('Location', 'loc-1'))
  const oldKeyId = (await store.get('location:loc-1'))!.sealed.split('.')[1]
  const rotated = createMarketplace({
    settings: {
      ...SETTINGS,
      encryptionKey: new Uint8Array(32).fill(6),
      previousEncryptionKey: SETTINGS.encryptionKey,
    },
    apiBase: 'https://ghl.test',
    tokenStore: store,
    fetch: ghl.fetch,
    clock: () => clock.now,
  })
  assert.ok(ghl.accepts(await rotated.tokens.tokenFor('loc-1')))
  assert.equal((await store.get('location:loc-1'))!.sealed.split('.')[1], oldKeyId, 'reading writes nothing')
  clock.now += 25 * HOUR
  assert.ok(ghl.accepts(await rotated.tokens.tokenFor('loc-1')))
  const resealed = (await store.get('location:loc-1'))!.sealed.split('.')[1]
  assert.notEqual(resealed, oldKeyId)
  await assert.rejects(
    before.tokens.tokenFor('loc-1'),
    /not installed any more/,
    'the old key alone no longer opens it',
  )
})

test('a 401 that joins a renewal started by the clock, which another instance holds: it waits for the new token', async () => {
  const memory = createMemoryTokenStore({ clock: () => TEST_NOW })
  // This instance's leases answer a little late, so its clock-driven renewal is still in flight when the 401 comes.
  const slowLeases: TokenStore = {
    ...memory,
    lease: async (key, ttlMs) => {
      await new Promise((resolve) => setTimeout(resolve, 20))
      return memory.lease(key, ttlMs)
    },
  }
  const { clock, ghl, instance } = setup({ store: memory })
  const other = instance()
  await other.accounts.install(ghl.install('Location', 'loc-1'))
  const token = await other.tokens.tokenFor('loc-1')
  // The other instance refreshes after a 401 of its own, GHL slow to answer: it holds the lease meanwhile.
  const open = ghl.hold()
  const theirs = other.tokens.renew('loc-1', token)
  await new Promise((resolve) => setTimeout(resolve, 5))
  clock.now += 86_399_000 - 4 * 60_000
  const here = instance(slowLeases)
  // Four minutes left: within the margin, still valid. The clock starts a renewal; a 401 for the same token joins it.
  const byClock = here.tokens.tokenFor('loc-1')
  const after401 = here.tokens.renew('loc-1', token)
  assert.equal(await byClock, token, 'the clock-driven renewal keeps the still-valid token')
  setTimeout(open, 30)
  const renewed = await after401
  assert.ok(renewed && renewed !== token, 'the 401 gets the other instance’s new token, not the refused one')
  assert.equal(renewed, await theirs)
  assert.equal(ghl.refreshCalls(), 1)
})
