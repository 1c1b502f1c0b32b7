import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createTimers } from './timers.ts'

test('sleep ends on time, on abort, or on clear, and leaves nothing pending', async () => {
  const timers = createTimers()
  const started = performance.now()
  await timers.sleep(20)
  assert.ok(performance.now() - started >= 15)

  const controller = new AbortController()
  const aborted = timers.sleep(60_000, controller.signal)
  assert.equal(timers.pending(), 1)
  controller.abort()
  await aborted
  assert.equal(timers.pending(), 0)

  const cleared = [timers.sleep(60_000), timers.sleep(60_000)]
  assert.equal(timers.pending(), 2)
  timers.clear()
  await Promise.all(cleared)
  assert.equal(timers.pending(), 0)

  // An already aborted signal does not wait at all.
  await timers.sleep(60_000, AbortSignal.abort())
  assert.equal(timers.pending(), 0)
})
