import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ProxyError } from '../../errors.ts'
import { createManageTokens, type ManageClaims } from './token.ts'

const NOW = Date.parse('2027-04-14T09:30:00Z')
const SECRET = 'current-secret-0123456789abcdefghijklmn'
const OLD = 'previous-secret-0123456789abcdefghijklm'
// GHL's ids: 20 base64url characters.
const CLAIMS: ManageClaims = {
  appointmentId: 'ocQHyuzHvysMo5N5VsXc',
  contactId: 'seD4PfOuKoVMLkEZqohJ',
  expiresAt: Date.parse('2027-04-20T15:30:00Z'),
}
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

const refusedWith = async (promise: Promise<unknown>, code: string, status: number) => {
  const error = await promise.then(
    () => assert.fail(`expected ${code}`),
    (e: unknown) => e,
  )
  assert.ok(error instanceof ProxyError, String(error))
  assert.equal(error.code, code)
  assert.equal(error.status, status)
}

test('a token holds the appointment, the contact and the expiry, in 68 base64url characters for GHL ids', async () => {
  const tokens = createManageTokens({ secret: SECRET, clock: () => NOW })
  const token = await tokens.issue('acme', CLAIMS)
  assert.match(token, /^[A-Za-z0-9_-]+$/)
  assert.equal(token.length, 68)
  assert.deepEqual(await tokens.verify('acme', token), CLAIMS)
  // Deterministic: the same claims give the same token (nothing random to store or leak).
  assert.equal(await tokens.issue('acme', CLAIMS), token)
})

test('every character of a token, changed to any other, is refused as invalid', async () => {
  const tokens = createManageTokens({ secret: SECRET, clock: () => NOW })
  const token = await tokens.issue('acme', CLAIMS)
  let tried = 0
  for (let i = 0; i < token.length; i++) {
    for (const char of ALPHABET) {
      if (char === token[i]) continue
      tried++
      await refusedWith(
        tokens.verify('acme', token.slice(0, i) + char + token.slice(i + 1)),
        'link_invalid',
        401,
      )
    }
  }
  assert.equal(tried, 68 * 63)
  // Cut, lengthened, or with a character outside the alphabet.
  for (const bad of [
    token.slice(0, -1),
    token.slice(1),
    `${token}A`,
    `${token.slice(0, 30)}.${token.slice(31)}`,
    '',
  ]) {
    await refusedWith(tokens.verify('acme', bad), 'link_invalid', 401)
  }
})

test("another site's token is invalid here, and says nothing of its expiry", async () => {
  const tokens = createManageTokens({ secret: SECRET, clock: () => NOW })
  const token = await tokens.issue('acme', CLAIMS)
  await refusedWith(tokens.verify('acme-shop', token), 'link_invalid', 401)
  const late = createManageTokens({ secret: SECRET, clock: () => CLAIMS.expiresAt + 1 })
  await refusedWith(late.verify('acme-shop', token), 'link_invalid', 401)
})

test('a token works until the appointment ends, to the second, and is expired from then on', async () => {
  let now = NOW
  const tokens = createManageTokens({ secret: SECRET, clock: () => now })
  const token = await tokens.issue('acme', CLAIMS)
  now = CLAIMS.expiresAt - 1
  assert.equal((await tokens.verify('acme', token)).appointmentId, CLAIMS.appointmentId)
  now = CLAIMS.expiresAt
  await refusedWith(tokens.verify('acme', token), 'link_expired', 410)
  // An end within a second is rounded up, never down: the token lives until the end.
  const odd = await tokens.issue('acme', { ...CLAIMS, expiresAt: CLAIMS.expiresAt + 200 })
  now = CLAIMS.expiresAt + 999
  assert.equal((await tokens.verify('acme', odd)).expiresAt, CLAIMS.expiresAt + 1000)
})

test('rotation: tokens of the previous secret still work beside it, new ones are signed with the new secret', async () => {
  const before = createManageTokens({ secret: OLD, clock: () => NOW })
  const old = await before.issue('acme', CLAIMS)
  const rotated = createManageTokens({ secret: SECRET, previousSecret: OLD, clock: () => NOW })
  assert.deepEqual(await rotated.verify('acme', old), CLAIMS)
  const fresh = await rotated.issue('acme', CLAIMS)
  assert.notEqual(fresh, old)
  await refusedWith(before.verify('acme', fresh), 'link_invalid', 401)
  // Once the previous secret is removed, its tokens stop working.
  const after = createManageTokens({ secret: SECRET, clock: () => NOW })
  await refusedWith(after.verify('acme', old), 'link_invalid', 401)
  assert.deepEqual(await after.verify('acme', fresh), CLAIMS)
})

test('ids of other characters or lengths are not issued; short and long ones are carried exactly', async () => {
  const tokens = createManageTokens({ secret: SECRET, clock: () => NOW })
  for (const bad of [{ appointmentId: 'a.b' }, { contactId: '' }, { appointmentId: 'x'.repeat(256) }]) {
    await assert.rejects(tokens.issue('acme', { ...CLAIMS, ...bad }), /cannot carry/)
  }
  const edge = { appointmentId: 'a', contactId: `${'c'.repeat(254)}_`, expiresAt: CLAIMS.expiresAt }
  assert.deepEqual(await tokens.verify('acme', await tokens.issue('acme', edge)), edge)
  const recurring = { ...CLAIMS, appointmentId: 'ocQHyuzHvysMo5N5VsXc_1729821600000_1800' }
  assert.deepEqual(await tokens.verify('acme', await tokens.issue('acme', recurring)), recurring)
})
