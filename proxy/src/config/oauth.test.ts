import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ConfigError, loadConfig } from './environment.ts'
import { DEFAULT_OAUTH_SCOPES, GHL_MARKETPLACE_URL, OPPORTUNITY_SCOPES } from './oauth.ts'

const site = { id: 'acme', locationId: 'loc-1', calendars: ['cal-1'], origins: ['https://www.acme.com'] }
const KEY = Buffer.alloc(32, 7).toString('base64')
const MARKETPLACE = {
  GHL_CLIENT_ID: 'client-id-1',
  GHL_CLIENT_SECRET: 'client-secret-XYZ',
  GHL_APP_ID: 'app-1',
  GHL_OAUTH_REDIRECT_URI: 'https://booking.example.com/oauth/callback',
  TOKEN_ENCRYPTION_KEY: KEY,
}
const load = (env: Record<string, string>, sites: unknown[] = [site]) =>
  loadConfig(env, () => JSON.stringify(sites))

/** Asserts the configuration is refused with a message matching `pattern` that quotes none of `secrets`. */
function refused(env: Record<string, string>, pattern: RegExp, sites?: unknown[]) {
  assert.throws(
    () => load(env, sites),
    (error: Error) => {
      assert.ok(error instanceof ConfigError)
      assert.match(error.message, pattern)
      for (const secret of [MARKETPLACE.GHL_CLIENT_SECRET, KEY, 'short-key'])
        assert.ok(!error.message.includes(secret), `the message quotes a secret: ${error.message}`)
      return true
    },
  )
}

test('Marketplace mode is off without a client id and secret; on with both, with its defaults', () => {
  assert.equal(load({ GHL_TOKEN: 'pit-1' }).marketplace, undefined)
  const config = load(MARKETPLACE)
  assert.equal(config.tokens.size, 0, 'the site without a token uses its Marketplace tokens')
  assert.equal(config.marketplace?.marketplaceUrl, GHL_MARKETPLACE_URL)
  assert.equal(config.marketplace?.scopes, DEFAULT_OAUTH_SCOPES)
  assert.equal(config.marketplace?.encryptionKey.byteLength, 32)
  assert.equal(config.marketplace?.appId, 'app-1')
  const both = load({ ...MARKETPLACE, GHL_TOKEN: 'pit-1' })
  assert.equal(both.tokens.get('loc-1'), 'pit-1', 'a site with its token keeps it')
  assert.equal(both.marketplace?.appId, 'app-1')
  assert.doesNotMatch(DEFAULT_OAUTH_SCOPES, /opportunities|oauth\.readonly/, 'nothing the proxy does not use')
  const pipeline = { pipelineId: 'pipe-1', stageId: 'stage-1' }
  assert.equal(
    load(MARKETPLACE, [{ ...site, opportunity: pipeline }]).marketplace?.scopes,
    `${DEFAULT_OAUTH_SCOPES} ${OPPORTUNITY_SCOPES}`,
    'a site that makes opportunities adds their scopes',
  )
  assert.equal(
    load({ ...MARKETPLACE, GHL_OAUTH_SCOPES: 'calendars.readonly' }, [{ ...site, opportunity: pipeline }])
      .marketplace?.scopes,
    'calendars.readonly',
    'GHL_OAUTH_SCOPES is taken as it is',
  )
  const url = Buffer.alloc(32, 9).toString('base64url')
  assert.equal(load({ ...MARKETPLACE, TOKEN_ENCRYPTION_KEY: url }).marketplace?.encryptionKey[0], 9)
})

test('a site with neither a token nor Marketplace mode is named at start', () => {
  refused(
    {},
    /sites\[0\]\.tokenEnv: the environment variable GHL_TOKEN is not set.*Marketplace mode is off.*"acme"/,
  )
})

test('incomplete or bad Marketplace settings are refused with messages that name the variable', () => {
  const { GHL_CLIENT_SECRET: _secret, ...noSecret } = MARKETPLACE
  refused(noSecret, /GHL_CLIENT_ID is set without GHL_CLIENT_SECRET/)
  const { GHL_CLIENT_ID: _id, ...noId } = MARKETPLACE
  refused(noId, /GHL_CLIENT_SECRET is set without GHL_CLIENT_ID/)
  const { GHL_APP_ID: _app, ...noApp } = MARKETPLACE
  refused(noApp, /GHL_APP_ID is not set/)
  const { GHL_OAUTH_REDIRECT_URI: _uri, ...noUri } = MARKETPLACE
  refused(noUri, /GHL_OAUTH_REDIRECT_URI is not set/)
  refused(
    { ...MARKETPLACE, GHL_OAUTH_REDIRECT_URI: 'https://booking.example.com/callback' },
    /GHL_OAUTH_REDIRECT_URI.*\/oauth\/callback/,
  )
  const { TOKEN_ENCRYPTION_KEY: _key, ...noKey } = MARKETPLACE
  refused(noKey, /TOKEN_ENCRYPTION_KEY is not set/)
  refused(
    { ...MARKETPLACE, TOKEN_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') },
    /TOKEN_ENCRYPTION_KEY: expected 32 random bytes.*got 16 bytes/,
  )
  refused({ ...MARKETPLACE, TOKEN_ENCRYPTION_KEY: 'short-key' }, /TOKEN_ENCRYPTION_KEY: expected 32/)
  refused({ ...MARKETPLACE, TOKEN_ENCRYPTION_KEY_PREVIOUS: KEY }, /TOKEN_ENCRYPTION_KEY_PREVIOUS is the same/)
  refused(
    { GHL_TOKEN: 'pit-1', TOKEN_ENCRYPTION_KEY: KEY },
    /TOKEN_ENCRYPTION_KEY is set without GHL_CLIENT_ID/,
  )
  refused(
    { ...MARKETPLACE, GHL_MARKETPLACE_URL: 'https://marketplace.example.com/path' },
    /GHL_MARKETPLACE_URL/,
  )
})
