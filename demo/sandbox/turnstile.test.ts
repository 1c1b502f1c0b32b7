import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createSandbox, SANDBOX_TURNSTILE } from './index.ts'

const NOW = Date.parse('2026-03-02T17:00:00Z')

/** Posts to the double as a server would, form-encoded unless `json`. */
async function verify(
  sandbox: ReturnType<typeof createSandbox>,
  fields: Record<string, string>,
  json = false,
) {
  const response = await sandbox.app.request('/turnstile/v0/siteverify', {
    method: 'POST',
    headers: { 'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded' },
    body: json ? JSON.stringify(fields) : new URLSearchParams(fields).toString(),
  })
  assert.equal(response.status, 200)
  return (await response.json()) as { success: boolean; 'error-codes': string[]; challenge_ts?: string }
}

test('a solved challenge passes once; a repeat fails unless it carries the first idempotency key', async () => {
  const sandbox = createSandbox({ now: () => NOW })
  const secret = SANDBOX_TURNSTILE.secret
  const first = await verify(sandbox, {
    secret,
    response: 'pass-1',
    idempotency_key: 'k1',
    remoteip: '192.0.2.1',
  })
  assert.equal(first.success, true)
  assert.equal(first.challenge_ts, new Date(NOW).toISOString())
  assert.deepEqual(await verify(sandbox, { secret, response: 'pass-1', idempotency_key: 'k1' }, true), first)
  assert.deepEqual((await verify(sandbox, { secret, response: 'pass-1' }))['error-codes'], [
    'timeout-or-duplicate',
  ])
  assert.deepEqual(
    sandbox.turnstileVerifications().map((v) => [v.response, v.success, v.remoteip ?? '-']),
    [
      ['pass-1', true, '192.0.2.1'],
      ['pass-1', true, '-'],
      ['pass-1', false, '-'],
    ],
  )
  // Never in the GHL request log, and forgotten on reset.
  assert.equal(sandbox.requests().length, 0)
  sandbox.reset()
  assert.equal(sandbox.turnstileVerifications().length, 0)
  assert.equal((await verify(sandbox, { secret, response: 'pass-1' })).success, true)
})

test('the documented tokens and secrets, and the errors of a bad request', async () => {
  const sandbox = createSandbox({ now: () => NOW })
  const { secret, testSecrets, dummyToken } = SANDBOX_TURNSTILE
  const codes = async (fields: Record<string, string>) => (await verify(sandbox, fields))['error-codes']
  assert.deepEqual(await codes({ secret, response: 'fail-1' }), ['invalid-input-response'])
  assert.deepEqual(await codes({ secret, response: 'expired-1' }), ['timeout-or-duplicate'])
  assert.deepEqual(await codes({ secret, response: 'error-1' }), ['internal-error'])
  assert.deepEqual(await codes({ secret, response: 'made-up' }), ['invalid-input-response'])
  assert.deepEqual(await codes({ secret: 'wrong', response: 'pass-2' }), ['invalid-input-secret'])
  assert.deepEqual(await codes({ response: 'pass-2' }), ['missing-input-secret'])
  assert.deepEqual(await codes({ secret }), ['missing-input-response'])
  // Cloudflare's test secrets: the dummy token passes (every time) with the first, nothing with the others.
  assert.deepEqual(await codes({ secret: testSecrets.pass, response: dummyToken }), [])
  assert.deepEqual(await codes({ secret: testSecrets.pass, response: dummyToken }), [])
  assert.deepEqual(await codes({ secret: testSecrets.pass, response: 'pass-3' }), ['invalid-input-response'])
  assert.deepEqual(await codes({ secret: testSecrets.fail, response: dummyToken }), [
    'invalid-input-response',
  ])
  assert.deepEqual(await codes({ secret: testSecrets.spent, response: dummyToken }), ['timeout-or-duplicate'])
  const bad = await sandbox.app.request('/turnstile/v0/siteverify', { method: 'POST', body: 'secret=x' })
  assert.deepEqual((await bad.json())['error-codes'], ['bad-request'])
  assert.ok(sandbox.turnstileVerifications().every((v) => !JSON.stringify(v).includes(secret)))
})
