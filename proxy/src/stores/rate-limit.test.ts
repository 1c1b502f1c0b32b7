import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createMemoryRateLimitStore } from './rate-limit.ts'

test('counters of a flood of visitor addresses stay within maxBytes; the newest still count on', () => {
  const maxBytes = 64 * 1024
  const store = createMemoryRateLimitStore({ clock: () => 1_000, maxBytes })
  let largest = 0
  for (let i = 0; i < 5_000; i++) {
    store.hit(`ip:acme:2001:db8::${i.toString(16)}`, 60_000)
    largest = Math.max(largest, store.bytes)
  }
  assert.ok(largest <= maxBytes && largest > maxBytes / 2, String(largest))
  assert.equal((store.hit('ip:acme:2001:db8::1387', 60_000) as { count: number }).count, 2)
  assert.throws(() => createMemoryRateLimitStore({ maxBytes: 0 }), RangeError)
})

test('a long key counts two bytes a character', () => {
  const store = createMemoryRateLimitStore({ clock: () => 1_000 })
  store.hit('k'.repeat(1_000), 60_000)
  assert.ok(store.bytes >= 2_000, String(store.bytes))
})
