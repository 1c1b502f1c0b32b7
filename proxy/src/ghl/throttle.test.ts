import assert from 'node:assert/strict'
import { AsyncLocalStorage } from 'node:async_hooks'
import { test } from 'node:test'
import { createVirtualTimers } from '../../../test/support/virtual-timers.ts'
import { createThrottle } from './throttle.ts'
import { GhlError } from './types.ts'

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
  const time = createVirtualTimers()
  const throttle = createThrottle({ limit: 100, windowMs: 10_000, maxQueue: 1_000, ...time })
  const grants: { i: number; at: number }[] = []
  const acquire = (i: number) => throttle.acquire('loc').then(() => grants.push({ i, at: time.clock() }))
  const first = Array.from({ length: 250 }, (_, i) => acquire(i))
  // More callers come while the first ones wait: they queue behind them.
  await time.sleep(15_000)
  await Promise.all([...first, ...Array.from({ length: 50 }, (_, i) => acquire(250 + i))])
  assert.equal(grants.length, 300)
  assert.deepEqual(
    grants.map((g) => g.i),
    [...Array(300).keys()],
  )
  const times = grants.map((g) => g.at)
  assert.equal(busiestWindow(times, 10_000), 100)
  // 300 requests at 100 per 10 s take at least 20 s.
  assert.ok(times.at(-1)! - times[0]! >= 20_000)
})

test('each queued caller waits on a timer it armed itself, until its own send time', async () => {
  // A request's context, as an edge runtime tracks it: a timer belongs to the request that armed it.
  const request = new AsyncLocalStorage<number>()
  const time = createVirtualTimers({ owner: () => request.getStore() })
  const throttle = createThrottle({ limit: 2, windowMs: 1_000, maxQueue: 10, ...time })
  const start = time.clock()
  const granted: { caller: number; at: number }[] = []
  await Promise.all(
    Array.from({ length: 5 }, (_, caller) =>
      request.run(caller, () =>
        throttle.acquire('loc').then(() => granted.push({ caller, at: time.clock() - start })),
      ),
    ),
  )
  // Callers 0 and 1 go at once; 2, 3 and 4 each sleep once, in their own context, until their own slot.
  assert.deepEqual(
    time.armed.map(({ owner, ms }) => ({ owner, ms })),
    [
      { owner: 2, ms: 1_000 },
      { owner: 3, ms: 1_000 },
      { owner: 4, ms: 2_000 },
    ],
  )
  assert.deepEqual(granted, [
    { caller: 0, at: 0 },
    { caller: 1, at: 0 },
    { caller: 2, at: 1_000 },
    { caller: 3, at: 1_000 },
    { caller: 4, at: 2_000 },
  ])
})

test('locations are throttled separately', async () => {
  const time = createVirtualTimers()
  const throttle = createThrottle({ limit: 2, windowMs: 1_000, ...time })
  await throttle.acquire('a')
  await throttle.acquire('a')
  const start = time.clock()
  await throttle.acquire('b')
  assert.equal(time.clock(), start)
})

test('past the queue bound, acquire fails at once with a Retry-After', async () => {
  const time = createVirtualTimers()
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
  // Its send time would have been after the two waiting callers': 30 s from now.
  assert.equal(error.retryAfter, 30)
  // Once a waiting caller's time has come, the queue has room again.
  time.clock.advance(10_000)
  let refused = false
  void throttle.acquire('loc').catch(() => (refused = true))
  await new Promise((resolve) => setImmediate(resolve))
  assert.equal(refused, false)
})
