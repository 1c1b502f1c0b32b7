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

test('bytes: a flood of ids stays within maxBytes; a long id counts two bytes a character', async () => {
  const maxBytes = 32 * 1024
  const guard = createMemoryReplayGuard({ clock: () => Date.parse('2026-03-01T00:00:00Z'), maxBytes })
  let largest = 0
  for (let i = 0; i < 2_000; i++) {
    assert.equal(await guard.firstSeen(`webhook-${i}`), true)
    largest = Math.max(largest, guard.bytes)
  }
  assert.ok(largest <= maxBytes && largest > maxBytes / 2, String(largest))
  assert.equal(await guard.firstSeen('webhook-1999'), false)
  const fresh = createMemoryReplayGuard({ clock: () => Date.parse('2026-03-01T00:00:00Z') })
  await fresh.firstSeen('i'.repeat(1_000))
  assert.ok(fresh.bytes >= 2_000, String(fresh.bytes))
})
