// The variables of the visitor limits and of the graceful shutdown: defaults, and bad values named.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { loadConfig } from './environment.ts'

const site = { id: 'acme', locationId: 'loc-1', calendars: ['cal-1'], origins: ['https://www.acme.com'] }
const env = (vars: Record<string, string>) =>
  loadConfig({ GHL_TOKEN: 'pit-1', ...vars }, () => JSON.stringify([site])).env

test('IPV6_PREFIX: IPv6 visitors are grouped per /64 unless set, from /16 to /128', () => {
  assert.equal(env({}).IPV6_PREFIX, 64)
  assert.equal(env({ IPV6_PREFIX: '56' }).IPV6_PREFIX, 56)
  assert.equal(env({ IPV6_PREFIX: '128' }).IPV6_PREFIX, 128)
  for (const bad of ['0', '8', '129', '/64', 'sixty-four']) {
    assert.throws(() => env({ IPV6_PREFIX: bad }), /env\.IPV6_PREFIX/, bad)
  }
})

test('SHUTDOWN_GRACE_MS: 20 s unless set, up to 10 minutes', () => {
  assert.equal(env({}).SHUTDOWN_GRACE_MS, 20_000)
  assert.equal(env({ SHUTDOWN_GRACE_MS: '0' }).SHUTDOWN_GRACE_MS, 0)
  assert.equal(env({ SHUTDOWN_GRACE_MS: '45000' }).SHUTDOWN_GRACE_MS, 45_000)
  for (const bad of ['-1', '20s', '600001']) {
    assert.throws(() => env({ SHUTDOWN_GRACE_MS: bad }), /env\.SHUTDOWN_GRACE_MS/, bad)
  }
})
