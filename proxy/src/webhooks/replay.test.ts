import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createMemoryReplayGuard } from './replay.ts'

test('firstSeen: true once per id within the TTL, bounded in size', async () => {
  // lru-cache treats a start time of 0 as "no TTL", so the fake clock starts at a real instant.
  let now = Date.parse('2026-03-01T00:00:00Z')
  const guard = createMemoryReplayGuard({ clock: () => now, ttlMs: 1000, max: 2 })
  assert.equal(await guard.firstSeen('a'), true)
  assert.equal(await guard.firstSeen('a'), false)
  now += 1001
  assert.equal(await guard.firstSeen('a'), true)
  await guard.firstSeen('b')
  await guard.firstSeen('c')
  // 'a' was the least recently used of three in a guard of two.
  assert.equal(await guard.firstSeen('a'), true)
  assert.throws(() => createMemoryReplayGuard({ max: 0 }), RangeError)
})
