import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createMemoryIdempotencyStore } from './idempotency-memory.ts'

const answer = { status: 201, body: { id: 'a1' } }

test('claim: the first claim wins, later claims see the record', async () => {
  const store = createMemoryIdempotencyStore({ clock: () => 0 })
  assert.equal(await store.claim('k', 'f1'), undefined)
  assert.deepEqual(await store.claim('k', 'f1'), { state: 'pending', fingerprint: 'f1' })
  await store.complete('k', 'f1', answer)
  assert.deepEqual(await store.claim('k', 'f2'), { state: 'done', fingerprint: 'f1', response: answer })
})

test('release: a released key can be claimed again', async () => {
  const store = createMemoryIdempotencyStore({ clock: () => 0 })
  await store.claim('k', 'f')
  await store.release('k')
  assert.equal(await store.claim('k', 'f'), undefined)
})

test('ttl: answers expire after ttlMs, pending claims after pendingTtlMs', async () => {
  let now = 1_000
  const store = createMemoryIdempotencyStore({ clock: () => now, ttlMs: 10_000, pendingTtlMs: 100 })
  await store.claim('pending', 'f')
  await store.claim('done', 'f')
  await store.complete('done', 'f', answer)
  now += 101
  assert.equal(await store.get('pending'), undefined)
  assert.equal((await store.get('done'))?.state, 'done')
  now += 10_000
  assert.equal(await store.get('done'), undefined)
})

test('bounded: the least recently used key goes first', async () => {
  const store = createMemoryIdempotencyStore({ clock: () => 0, max: 2 })
  await store.claim('a', 'f')
  await store.claim('b', 'f')
  await store.claim('c', 'f')
  assert.equal(await store.get('a'), undefined)
  assert.ok(await store.get('c'))
})

test('refuses an unbounded configuration', () => {
  assert.throws(() => createMemoryIdempotencyStore({ max: 0 }), RangeError)
})

test('bytes: a flood of keys and answers stays within maxBytes, the largest answers counted in full', async () => {
  const maxBytes = 64 * 1024
  const store = createMemoryIdempotencyStore({ clock: () => 0, maxBytes })
  let largest = 0
  for (let i = 0; i < 2_000; i++) {
    await store.claim(`acme:key-${i}`, 'f'.repeat(64))
    await store.complete(`acme:key-${i}`, 'f'.repeat(64), {
      status: 201,
      body: { id: `a${i}`, title: 't'.repeat(200) },
    })
    largest = Math.max(largest, store.bytes)
  }
  assert.ok(largest <= maxBytes && largest > maxBytes / 2, String(largest))
  assert.equal((await store.get('acme:key-1999'))?.state, 'done')
  // One answer larger than the whole bound is not kept at all (lru-cache refuses it).
  await store.claim('huge', 'f')
  await store.complete('huge', 'f', { status: 201, body: { title: 'x'.repeat(maxBytes) } })
  assert.equal(await store.get('huge'), undefined)
  assert.ok(store.bytes <= maxBytes)
})
