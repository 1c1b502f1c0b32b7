import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createThrottle } from './throttle.ts'
import { GhlError } from './types.ts'

/** A virtual clock whose sleep jumps ahead at once. */
function virtualTime() {
  let now = 1_000_000
  return {
    clock: () => now,
    // Time moves only once everything already granted has run, as it would on a real clock.
    sleep: async (ms: number) => {
      await new Promise((resolve) => setImmediate(resolve))
      now += ms
    },
  }
}

/** Most grants inside any window of `windowMs` (windows start at each grant). */
function busiestWindow(times: number[], windowMs: number): number {
  let most = 0
  for (let i = 0; i < times.length; i++) {
    let j = i
    while (j < times.length && times[j]! < times[i]! + windowMs) j++
    most = Math.max(most, j - i)
  }
  return most
}

test('never grants more than the limit in any window, in order', async () => {
  const time = virtualTime()
  const throttle = createThrottle({ limit: 100, windowMs: 10_000, maxQueue: 1_000, ...time })
  const grants: { i: number; at: number }[] = []
  await Promise.all(
    Array.from({ length: 300 }, (_, i) =>
      throttle.acquire('loc').then(() => grants.push({ i, at: time.clock() })),
    ),
  )
  assert.equal(grants.length, 300)
  assert.deepEqual(
    grants.map((g) => g.i),
    [...Array(300).keys()],
  )
  assert.equal(
    busiestWindow(
      grants.map((g) => g.at),
      10_000,
    ),
    100,
  )
  // 300 requests at 100 per 10 s take at least 20 s.
  assert.ok(grants.at(-1)!.at - grants[0]!.at >= 20_000)
})

test('locations are throttled separately', async () => {
  const time = virtualTime()
  const throttle = createThrottle({ limit: 2, windowMs: 1_000, ...time })
  await throttle.acquire('a')
  await throttle.acquire('a')
  const start = time.clock()
  await throttle.acquire('b')
  assert.equal(time.clock(), start)
})

test('past the queue bound, acquire fails at once with a Retry-After', async () => {
  const time = virtualTime()
  const throttle = createThrottle({
    limit: 1,
    windowMs: 10_000,
    maxQueue: 2,
    clock: time.clock,
    sleep: () => new Promise(() => {}),
  })
  await throttle.acquire('loc')
  void throttle.acquire('loc')
  void throttle.acquire('loc')
  const error = await throttle.acquire('loc').catch((e: unknown) => e)
  assert.ok(error instanceof GhlError)
  assert.equal(error.kind, 'unavailable')
  assert.equal(error.retryAfter, 30)
})
