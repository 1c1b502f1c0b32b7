import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ConfigError, loadConfig } from './config.ts'

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
