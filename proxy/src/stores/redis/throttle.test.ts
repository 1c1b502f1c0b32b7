// The GHL throttle's budget on Redis, two connections standing for two instances. Waits are recorded instead of
// slept (the reservations are what is under test), on a shared fake clock unless a test says otherwise.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { manualClock } from '../../../../demo/sandbox/testing.ts'
import { needsRedis, startRedis, waitFor, type TestRedis } from '../../../../test/support/redis-server.ts'
import { createThrottle, type Throttle } from '../../ghl/throttle.ts'
import { GhlError } from '../../ghl/types.ts'
import { createRedisConnection, type RedisConnection } from './connection.ts'
import { createRedisThrottle, type RedisThrottleOptions } from './throttle.ts'

let redis: TestRedis
const connections: RedisConnection[] = []
before(async () => {
  if (!needsRedis.skip) redis = await startRedis()
})
after(async () => {
  await Promise.all(connections.map((connection) => connection.close()))
  await redis?.close()
})

/** An instance's throttle; `waits` receives every wait it asks for. */
async function instance(waits: number[], options: Partial<RedisThrottleOptions> = {}) {
  const connection = createRedisConnection({ url: redis.url })
  connections.push(connection)
  assert.equal(await connection.ready(5_000), true)
  const throttle = createRedisThrottle({
    connection,
    fallback: { acquire: () => Promise.reject(new Error('no fallback here')) },
    sleep: async (ms) => void waits.push(ms),
    marginMs: 0,
    ...options,
  })
  return { connection, throttle }
}

test(
  'one budget for both instances, reserved first come, first served: a flood on one does not starve the other',
  needsRedis,
  async () => {
    const clock = manualClock('2027-04-14T15:00:00Z')
    const [waitsA, waitsB]: number[][] = [[], []]
    const options = { limit: 3, windowMs: 1_000, prefix: 't1:', reservationClock: clock }
    const a = (await instance(waitsA, options)).throttle
    const b = (await instance(waitsB, options)).throttle
    // A asks for seven sends, one after the other; B asks for one after A's fourth.
    for (let i = 0; i < 4; i++) await a.acquire('loc')
    await b.acquire('loc')
    for (let i = 0; i < 3; i++) await a.acquire('loc')
    // Three a window: A's fourth waits a window, B's the same window (it came next), A's last three the next ones.
    assert.deepEqual(waitsA, [1_000, 1_000, 2_000, 2_000])
    assert.deepEqual(waitsB, [1_000])
    // Another location has a budget of its own.
    await b.acquire('other')
    assert.deepEqual(waitsB, [1_000])
  },
)

test(
  'past maxQueue reservations waiting over all instances, acquire refuses at once with a Retry-After',
  needsRedis,
  async () => {
    const clock = manualClock('2027-04-14T15:00:00Z')
    const waits: number[] = []
    const options = { limit: 2, windowMs: 10_000, maxQueue: 3, prefix: 't2:', reservationClock: clock }
    const a = (await instance(waits, options)).throttle
    const b = (await instance(waits, options)).throttle
    for (const throttle of [a, b, a, b, a]) await throttle.acquire('loc')
    const refused = await b.acquire('loc').then(
      () => undefined,
      (error: unknown) => error,
    )
    assert.ok(refused instanceof GhlError && refused.kind === 'unavailable', String(refused))
    assert.equal(refused.retryAfter, 20) // (3 waiting + 1) / 2 a window, 10 s each
    assert.deepEqual(waits, [10_000, 10_000, 20_000])
  },
)

test('on Redis’s own clock: waits are measured from the sends Redis holds', needsRedis, async () => {
  const waits: number[] = []
  const a = (await instance(waits, { limit: 2, windowMs: 400, prefix: 't3:' })).throttle
  for (let i = 0; i < 6; i++) await a.acquire('loc')
  assert.equal(waits.length, 4)
  // Nothing slept, so each pair waits for a window more than the last, less the moments the calls took.
  for (const [i, wait] of waits.entries()) {
    const windows = Math.floor(i / 2) + 1
    assert.ok(wait > windows * 400 - 100 && wait <= windows * 400, `${wait} for wait ${i}`)
  }
})

test(
  'Redis away: the fallback grants, and its sends count in Redis once it is back',
  needsRedis,
  async () => {
    const clock = manualClock('2027-04-14T15:00:00Z')
    const waits: number[] = []
    const fallback: Throttle = createThrottle({ limit: 2, windowMs: 1_000, clock, sleep: async () => {} })
    const granted: string[] = []
    const { connection, throttle } = await instance(waits, {
      limit: 3,
      windowMs: 1_000,
      prefix: 't4:',
      clock,
      reservationClock: clock,
      fallback: { acquire: (key) => fallback.acquire(key).then(() => void granted.push(key)) },
    })
    await redis.stop()
    await waitFor(() => !connection.up, 'the instance sees Redis go')
    await throttle.acquire('loc')
    clock.advance(200)
    await throttle.acquire('loc')
    assert.deepEqual(granted, ['loc', 'loc'])
    await redis.start()
    await waitFor(() => connection.up, 'the instance reconnects')
    clock.advance(100)
    // Two sent 300 and 100 ms ago, reported now: this one is the third of the window, the next waits for the oldest.
    await throttle.acquire('loc')
    await throttle.acquire('loc')
    assert.deepEqual(waits, [700])
    assert.equal(await connection.client.zcard('t4:throttle:loc'), 4)
  },
)

test(
  'a send holds its place marginMs past its window, for GHL counts it when it arrives',
  needsRedis,
  async () => {
    const clock = manualClock('2027-04-14T15:00:00Z')
    const waits: number[] = []
    const options = { limit: 1, windowMs: 1_000, marginMs: 250, prefix: 't5:', reservationClock: clock }
    const a = (await instance(waits, options)).throttle
    for (let i = 0; i < 3; i++) await a.acquire('loc')
    assert.deepEqual(waits, [1_250, 2_500])
  },
)
