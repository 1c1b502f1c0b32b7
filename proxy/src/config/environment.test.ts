import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ConfigError, loadConfig } from './environment.ts'

const site = { id: 'acme', locationId: 'loc-1', calendars: ['cal-1'], origins: ['https://www.acme.com'] }
const load = (env: Record<string, string>, sites: unknown) => loadConfig(env, () => JSON.stringify(sites))

test('a valid environment and sites file', () => {
  const config = load({ GHL_TOKEN: 'pit-1', PORT: '9000' }, [site])
  assert.equal(config.env.PORT, 9000)
  assert.equal(config.env.GHL_API_BASE, 'https://services.leadconnectorhq.com')
  assert.equal(config.tokens.get('loc-1'), 'pit-1')
})

test('a bad sites file names the field', () => {
  assert.throws(
    () => load({ GHL_TOKEN: 'pit-1' }, [site, { ...site, id: 'b', origins: ['https://b.com/path'] }]),
    (error: Error) => error instanceof ConfigError && /sites\[1\]\.origins\[0\]/.test(error.message),
  )
})

test('a missing token names its variable, never a value', () => {
  assert.throws(
    () => load({ GHL_TOKEN: 'pit-secret' }, [{ ...site, tokenEnv: 'GHL_TOKEN_ACME' }]),
    (error: Error) =>
      /GHL_TOKEN_ACME is not set/.test(error.message) && !error.message.includes('pit-secret'),
  )
})

test('an admin token is optional, and a bad one is refused without printing it', () => {
  assert.equal(load({ GHL_TOKEN: 'x' }, [site]).env.ADMIN_TOKEN, undefined)
  const token = 'f'.repeat(64)
  assert.equal(load({ GHL_TOKEN: 'x', ADMIN_TOKEN: token }, [site]).env.ADMIN_TOKEN, token)
  for (const bad of ['short-secret', 'a long secret with spaces']) {
    assert.throws(
      () => load({ GHL_TOKEN: 'x', ADMIN_TOKEN: bad }, [site]),
      (error: Error) =>
        /env\.ADMIN_TOKEN: Expected at least 16/.test(error.message) && !error.message.includes(bad),
    )
  }
})

test('a bad variable names it', () => {
  assert.throws(() => load({ GHL_TOKEN: 'x', PORT: 'eighty' }, [site]), /env\.PORT/)
})

test('Turnstile: the secret comes from the variable the site names, and a missing one names it, never a value', () => {
  const turnstile = { siteKey: '0x4AAAAAAAB-site_key' }
  const config = load({ GHL_TOKEN: 'x', TURNSTILE_SECRET: ' 0x4-secret ' }, [{ ...site, turnstile }])
  assert.deepEqual(config.sites[0]?.turnstile, { siteKey: turnstile.siteKey, secretEnv: 'TURNSTILE_SECRET' })
  assert.equal(config.turnstileSecrets.get('acme'), '0x4-secret')
  assert.equal(config.env.TURNSTILE_VERIFY_URL, 'https://challenges.cloudflare.com/turnstile/v0/siteverify')
  const own = { ...turnstile, secretEnv: 'TURNSTILE_SECRET_ACME' }
  assert.throws(
    () => load({ GHL_TOKEN: 'x', TURNSTILE_SECRET: 'other-secret' }, [{ ...site, turnstile: own }]),
    (error: Error) =>
      /sites\[0\]\.turnstile\.secretEnv: the environment variable TURNSTILE_SECRET_ACME is not set/.test(
        error.message,
      ) && !error.message.includes('other-secret'),
  )
  // Sites without Turnstile need no secret.
  assert.equal(load({ GHL_TOKEN: 'x' }, [site]).turnstileSecrets.size, 0)
  assert.throws(() => load({ GHL_TOKEN: 'x' }, [{ ...site, turnstile: { siteKey: 'a key' } }]), /siteKey/)
  assert.equal(
    load({ GHL_TOKEN: 'x', TURNSTILE_VERIFY_URL: 'http://127.0.0.1:8788/turnstile/v0/siteverify' }, [site])
      .env.TURNSTILE_VERIFY_URL,
    'http://127.0.0.1:8788/turnstile/v0/siteverify',
  )
})

test('booking quotas from the sites file: defaults, a site’s own, and bounds', () => {
  assert.deepEqual(load({ GHL_TOKEN: 'x' }, [site]).sites[0]?.bookingQuota, {})
  const bookingQuota = { visitor: { limit: 10, windowSeconds: 3_600 } }
  assert.deepEqual(load({ GHL_TOKEN: 'x' }, [{ ...site, bookingQuota }]).sites[0]?.bookingQuota, bookingQuota)
  for (const bad of [
    { visitor: { limit: 0, windowSeconds: 60 } },
    { email: { limit: 1_001, windowSeconds: 60 } },
    { email: { limit: 2, windowSeconds: 8 * 86_400 } },
  ]) {
    assert.throws(
      () => load({ GHL_TOKEN: 'x' }, [{ ...site, bookingQuota: bad }]),
      /sites\[0\]\.bookingQuota/,
    )
  }
})

test('site tags lose control characters', () => {
  const tags = ['booking\r\nwidget', 'vip\u0000']
  assert.deepEqual(load({ GHL_TOKEN: 'x' }, [{ ...site, tags }]).sites[0]?.tags, ['bookingwidget', 'vip'])
})

test('SITES holds the sites JSON where there is no file to read, and wins over SITES_FILE', () => {
  const config = loadConfig({ GHL_TOKEN: 'x', SITES: JSON.stringify([site]) }, () => {
    throw new Error('no files here')
  })
  assert.deepEqual(
    config.sites.map((s) => s.id),
    ['acme'],
  )
  assert.throws(
    () => loadConfig({ GHL_TOKEN: 'x', SITES: '[{"id":"acme"}]' }, () => '[]'),
    (error: Error) => error instanceof ConfigError && /^SITES is invalid/.test(error.message),
  )
})

test('CLOCK_START is an ISO 8601 instant, as epoch ms', () => {
  assert.equal(
    load({ GHL_TOKEN: 'x', CLOCK_START: '2027-04-14T15:00:00Z' }, [site]).env.CLOCK_START,
    Date.parse('2027-04-14T15:00:00Z'),
  )
  assert.throws(() => load({ GHL_TOKEN: 'x', CLOCK_START: 'tomorrow' }, [site]), /env\.CLOCK_START/)
})

test('Redis: optional; a URL, a TLS URL or a socket path; a bad one is refused without printing it', () => {
  const env = (extra: Record<string, string>) => load({ GHL_TOKEN: 'x', ...extra }, [site]).env
  assert.equal(env({}).REDIS_URL, undefined)
  assert.equal(env({}).REDIS_PREFIX, 'ghl-booking:')
  assert.equal(env({}).REDIS_TIMEOUT_MS, 1000)
  for (const url of [
    'redis://:secret@10.0.0.5:6379/2',
    'rediss://user:secret@cache.example.com',
    '/run/redis.sock',
  ]) {
    assert.equal(env({ REDIS_URL: url }).REDIS_URL, url)
  }
  for (const bad of ['http://:secret@cache:6379', 'cache:6379 secret', 'redis://']) {
    assert.throws(
      () => env({ REDIS_URL: bad }),
      (error: Error) =>
        /env\.REDIS_URL: Expected redis:\/\//.test(error.message) && !error.message.includes('secret'),
    )
  }
  assert.throws(() => env({ REDIS_PREFIX: 'has space' }), /env\.REDIS_PREFIX/)
  assert.equal(env({ GHL_THROTTLE_FALLBACK_LIMIT: '20' }).GHL_THROTTLE_FALLBACK_LIMIT, 20)
})
