import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createSealer, SealError } from './seal.ts'
import { createStateSigner } from './state.ts'
import { TEST_NOW } from '../../../test/support/dates.ts'

const key = (fill: number) => new Uint8Array(32).fill(fill)

test('a sealed grant opens under its store key, and hides its text', async () => {
  const sealer = createSealer({ key: key(1) })
  const sealed = await sealer.seal('location:a', 'secret-refresh-token')
  assert.doesNotMatch(sealed, /secret/)
  assert.notEqual(await sealer.seal('location:a', 'secret-refresh-token'), sealed, 'a new IV each time')
  assert.deepEqual(await sealer.open('location:a', sealed), {
    plaintext: 'secret-refresh-token',
    stale: false,
  })
})

test('a record moved to another key, altered, or opened with another key does not open', async () => {
  const sealer = createSealer({ key: key(1) })
  const sealed = await sealer.seal('location:a', 'grant')
  await assert.rejects(sealer.open('location:b', sealed), SealError)
  const parts = sealed.split('.')
  const last = parts[3]!
  parts[3] = (last[0] === 'A' ? 'B' : 'A') + last.slice(1)
  await assert.rejects(sealer.open('location:a', parts.join('.')), SealError)
  await assert.rejects(
    createSealer({ key: key(2) }).open('location:a', sealed),
    /key the proxy does not have/,
  )
  await assert.rejects(sealer.open('location:a', 'not sealed'), SealError)
})

test('after a rotation, records of the previous key open (stale) and new seals use the new key', async () => {
  const old = createSealer({ key: key(1) })
  const sealed = await old.seal('company:c', 'grant')
  const rotated = createSealer({ key: key(2), previousKey: key(1) })
  assert.deepEqual(await rotated.open('company:c', sealed), { plaintext: 'grant', stale: true })
  const resealed = await rotated.seal('company:c', 'grant')
  assert.deepEqual(await rotated.open('company:c', resealed), { plaintext: 'grant', stale: false })
  await assert.rejects(old.open('company:c', resealed), SealError)
  assert.notEqual(resealed.split('.')[1], sealed.split('.')[1], 'the key id changed')
})

test('a key of the wrong length is refused at the first use', async () => {
  await assert.rejects(createSealer({ key: new Uint8Array(16) }).seal('location:a', 'x'), RangeError)
})

test('install states: genuine, tampered, expired, missing, and bound to the cookie', async () => {
  let now = TEST_NOW
  const signer = createStateSigner({ key: key(3), clock: () => now, ttlMs: 60_000 })
  const { state, nonce } = await signer.issue()
  assert.deepEqual(await signer.check(state, nonce), { ok: true, nonce })
  assert.deepEqual(await signer.check(undefined, nonce), { ok: false, problem: 'missing' })
  assert.deepEqual(await signer.check(state, 'another'), { ok: false, problem: 'cookie_mismatch' })
  const [n, expiry, signature] = state.split('.')
  const later = `${n}.${Number(expiry) + 3600}.${signature}`
  assert.deepEqual(await signer.check(later, nonce), { ok: false, problem: 'tampered' })
  assert.deepEqual(await signer.check(`x${state}`, `x${nonce}`), { ok: false, problem: 'tampered' })
  assert.deepEqual(await signer.check('garbage', nonce), { ok: false, problem: 'tampered' })
  const other = createStateSigner({ key: key(4), clock: () => now })
  assert.deepEqual(await other.check(state, nonce), { ok: false, problem: 'tampered' })
  const rotated = createStateSigner({ key: key(4), previousKey: key(3), clock: () => now })
  assert.deepEqual(await rotated.check(state, nonce), { ok: true, nonce })
  now += 61_000
  assert.deepEqual(await signer.check(state, nonce), { ok: false, problem: 'expired' })
})
