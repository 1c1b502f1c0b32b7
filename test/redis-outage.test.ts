// Redis stopped, or stalled, under two proxies that share it: reads go on from memory, bookings are refused with
// 503 upstream_unavailable (a duplicate cannot be ruled out without the shared keys), nothing is booked twice or
// lost without the visitor being told, and both instances recover by themselves when Redis answers again.
import assert from 'node:assert/strict'
import { after, before, test, type TestContext } from 'node:test'
import { SANDBOX } from '../demo/sandbox/index.ts'
import { TEST_NOW } from './support/dates.ts'
import { day, freeStart, startInstances } from './support/instances.ts'
import { visitor } from './support/proxy-on-sandbox.ts'
import { needsRedis, startRedis, waitFor, type TestRedis } from './support/redis-server.ts'

let redis: TestRedis
before(async () => {
  if (!needsRedis.skip) redis = await startRedis()
})
after(() => redis?.close())

const ZONE = SANDBOX.timeZone
const calendarId = SANDBOX.calendars.consultation
type Stack = Awaited<ReturnType<typeof startInstances>>

/** Twenty slot reads alternating between the instances, half cached, half asking GHL: how many got a 200. */
async function readsAnswered(stack: Stack) {
  let answered = 0
  for (let n = 0; n < 20; n++) {
    const [from, to] =
      n % 2 ? [day(TEST_NOW, 1), day(TEST_NOW, 7)] : [day(TEST_NOW, 8 + n), day(TEST_NOW, 9 + n)]
    if ((await stack.slots(n % 2, calendarId, from, to, ZONE)).status === 200) answered++
  }
  return answered
}

/** Redis away (however): bookings refused on both instances; Redis back: the same key books once, then replays. */
async function outage(
  t: TestContext,
  stack: Stack,
  key: string,
  away: () => Promise<void>,
  back: () => Promise<void>,
) {
  const start = await freeStart(stack, calendarId, TEST_NOW)
  const body = visitor(1, calendarId, start, ZONE)
  const up = () => stack.proxies.every((proxy) => proxy.redis!.connection.up)
  await away()
  const answered = await readsAnswered(stack)
  const refused = [await stack.book(0, body, key), await stack.book(1, body, key)]
  const madeMeanwhile = stack.sandbox.appointments().length
  await back()
  await waitFor(up, 'both instances use Redis again', 20_000)
  const booked = await stack.book(1, body, key)
  const replayed = await stack.book(0, body, key)
  const made = stack.sandbox.appointments().length
  t.diagnostic(
    `Redis away: ${answered} of 20 reads answered, bookings ${refused.map((a) => a.status).join(' ')}; ` +
      `back: ${booked.status} then ${replayed.status} (replayed ${replayed.headers.get('Idempotent-Replayed')}), ` +
      `${made} appointment`,
  )
  assert.equal(answered, 20)
  for (const answer of refused) {
    assert.equal(answer.status, 503)
    assert.equal(answer.body.error.code, 'upstream_unavailable')
    assert.equal(answer.headers.get('Retry-After'), '5')
  }
  assert.equal(madeMeanwhile, 0)
  assert.equal(booked.status, 201)
  assert.equal(replayed.status, 201)
  assert.equal(replayed.headers.get('Idempotent-Replayed'), 'true')
  assert.deepEqual(replayed.body, booked.body)
  assert.equal(made, 1)
  // One line per change of state and instance, not one per request.
  for (const lines of stack.lines) {
    assert.equal(lines.filter((line) => line.msg === 'redis.unavailable').length, 1)
    assert.equal(lines.filter((line) => line.msg === 'redis.recovered').length, 1)
  }
}

test(
  'Redis stopped and started again: reads answered, bookings refused then made once, instances recover',
  needsRedis,
  async (t) => {
    const stack = await startInstances({ count: 2, now: TEST_NOW, redis })
    try {
      await outage(
        t,
        stack,
        'stopped-key',
        async () => {
          await redis.stop()
          await waitFor(
            () => stack.proxies.every((proxy) => !proxy.redis!.connection.up),
            'both see Redis go',
          )
        },
        () => redis.start(), // empty, as a Redis without persistence comes back
      )
    } finally {
      await stack.close()
    }
  },
)

test(
  'a stalled Redis: commands time out, reads answered, bookings refused then made once after it answers',
  needsRedis,
  async (t) => {
    const stack = await startInstances({
      count: 2,
      now: TEST_NOW,
      redis,
      proxy: { redis: { url: redis.url, commandTimeoutMs: 300 } },
    })
    try {
      await outage(
        t,
        stack,
        'stalled-key',
        async () => redis.pause(),
        async () => redis.resume(),
      )
    } finally {
      await stack.close()
    }
  },
)
