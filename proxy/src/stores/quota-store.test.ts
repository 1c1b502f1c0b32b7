import assert from 'node:assert/strict'
import { test } from 'node:test'
import { manualClock } from '../../../demo/sandbox/testing.ts'
import { createMemoryQuotaStore } from './quota-store.ts'

const HOUR = 3_600_000

test('a sliding window: the limit holds in any window, and the wait is until the oldest use leaves it', async () => {
  const clock = manualClock('2026-03-02T12:00:00Z')
  const store = createMemoryQuotaStore({ clock })
  const take = () => store.take('k', 3, HOUR)
  assert.equal((await take()).allowed, true)
  clock.advance(20 * 60_000)
  assert.equal((await take()).allowed, true)
  clock.advance(20 * 60_000)
  assert.equal((await take()).allowed, true)
  // A fixed window starting at 12:00 would let three more through at 13:00; this one waits for each use.
  clock.advance(19 * 60_000)
  const refused = await take()
  assert.deepEqual(refused, { allowed: false, at: clock(), retryAfterMs: 60_000 })
  clock.advance(60_000)
  assert.equal((await take()).allowed, true)
  assert.equal((await take()).allowed, false)
})

test('a use given back no longer counts; giving back an unknown one changes nothing', async () => {
  const clock = manualClock('2026-03-02T12:00:00Z')
  const store = createMemoryQuotaStore({ clock })
  const first = await store.take('k', 1, HOUR)
  assert.equal((await store.take('k', 1, HOUR)).allowed, false)
  await store.giveBack('k', first.at)
  await store.giveBack('k', first.at)
  await store.giveBack('other', 1)
  const again = await store.take('k', 1, HOUR)
  assert.equal(again.allowed, true)
  assert.equal((await store.take('k', 1, HOUR)).allowed, false)
})

test('bounded by bytes: a flood of keys evicts the oldest instead of growing', async () => {
  const clock = manualClock('2026-03-02T12:00:00Z')
  const store = createMemoryQuotaStore({ clock, maxBytes: 64 * 1024 })
  for (let i = 0; i < 10_000; i++) await store.take(`booking:site:ip:10.0.${i >> 8}.${i & 255}`, 3, HOUR)
  // The newest keys are still counted; the first ones were let go.
  assert.equal((await store.take('booking:site:ip:10.0.39.15', 1, HOUR)).allowed, false)
  assert.equal((await store.take('booking:site:ip:10.0.0.0', 1, HOUR)).allowed, true)
})
