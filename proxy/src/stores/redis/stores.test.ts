// The Redis stores against a real redis-server, two connections standing for two instances: what one counts or
// claims the other sees, exactly as the memory stores answer one process; and what each does while Redis is away.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { manualClock } from '../../../../demo/sandbox/testing.ts'
import { needsRedis, startRedis, waitFor, type TestRedis } from '../../../../test/support/redis-server.ts'
import { ProxyError } from '../../errors.ts'
import { createMemoryQuotaStore } from '../quota-store.ts'
import { createMemoryRateLimitStore, type RateLimitCount } from '../rate-limit.ts'
import { createMemoryReplayGuard } from '../replay.ts'
import { createRedisConnection, type RedisConnection } from './connection.ts'
import { createRedisIdempotencyStore } from './idempotency.ts'
import { createRedisQuotaStore } from './quota-store.ts'
import { createRedisRateLimitStore } from './rate-limit.ts'
import { createRedisReplayGuard } from './replay.ts'

let redis: TestRedis
const connections: RedisConnection[] = []
before(async () => {
  if (!needsRedis.skip) redis = await startRedis()
})
after(async () => {
  await Promise.all(connections.map((connection) => connection.close()))
  await redis?.close()
})

/** A connection of its own, as each instance has; `prefix` keeps each test's keys apart. */
async function instance() {
  const connection = createRedisConnection({ url: redis.url })
  connections.push(connection)
  assert.equal(await connection.ready(5_000), true)
  return connection
}

const isPaused = (error: unknown) =>
  error instanceof ProxyError && error.status === 503 && error.headers?.['Retry-After'] === '5'

test(
  'rate limits: two instances count into one window, with the memory store’s counts and reset',
  needsRedis,
  async () => {
    const clock = manualClock('2027-04-14T15:00:59.000Z')
    const memory = createMemoryRateLimitStore({ clock })
    const [a, b] = [await instance(), await instance()].map((connection) =>
      createRedisRateLimitStore({
        connection,
        clock,
        prefix: 't1:',
        fallback: createMemoryRateLimitStore({ clock }),
      }),
    )
    const hits: RateLimitCount[] = []
    for (let i = 0; i < 6; i++) hits.push(await (i % 2 ? a : b)!.hit('site:acme', 60_000))
    clock.advance(1_000) // the next window, aligned to the epoch
    hits.push(await a!.hit('site:acme', 60_000))
    const expected: RateLimitCount[] = []
    clock.set('2027-04-14T15:00:59.000Z')
    for (let i = 0; i < 6; i++) expected.push(memory.hit('site:acme', 60_000) as RateLimitCount)
    clock.advance(1_000)
    expected.push(memory.hit('site:acme', 60_000) as RateLimitCount)
    assert.deepEqual(hits, expected)
    assert.deepEqual(
      hits.map((hit) => hit.count),
      [1, 2, 3, 4, 5, 6, 1],
    )
  },
)

test(
  'quotas: a sliding window shared by two instances; a use given back no longer counts',
  needsRedis,
  async () => {
    const clock = manualClock('2027-04-14T12:00:00Z')
    const [a, b] = [await instance(), await instance()].map((connection) =>
      createRedisQuotaStore({ connection, clock, prefix: 't2:' }),
    )
    const memory = createMemoryQuotaStore({ clock })
    const HOUR = 3_600_000
    const steps = async (store: typeof memory, other: typeof memory) => {
      const out = []
      clock.set('2027-04-14T12:00:00Z')
      out.push(await store.take('k', 2, HOUR))
      clock.advance(20 * 60_000)
      const second = await other.take('k', 2, HOUR)
      out.push(second)
      clock.advance(20 * 60_000)
      out.push(await store.take('k', 2, HOUR))
      await other.giveBack('k', second.at)
      out.push(await store.take('k', 2, HOUR))
      out.push(await other.take('k', 2, HOUR))
      return out
    }
    const shared = await steps(a!, b!)
    assert.deepEqual(shared, await steps(memory, memory))
    assert.deepEqual(
      shared.map((take) => [take.allowed, take.retryAfterMs]),
      [
        [true, 0],
        [true, 0],
        [false, 20 * 60_000],
        [true, 0],
        [false, 20 * 60_000],
      ],
    )
  },
)

test(
  'idempotency: one claim wins across instances; the answer is seen by both; a release frees the key',
  needsRedis,
  async () => {
    const [a, b] = [await instance(), await instance()].map((connection) =>
      createRedisIdempotencyStore({ connection, prefix: 't3:' }),
    )
    const claims = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b)!.claim('acme:k', 'f1')),
    )
    assert.equal(claims.filter((claim) => claim === undefined).length, 1)
    assert.ok(claims.every((claim) => claim === undefined || claim.state === 'pending'))
    const answer = { status: 201, body: { id: 'apt-1' } }
    await a!.complete('acme:k', 'f1', answer)
    assert.deepEqual(await b!.claim('acme:k', 'f2'), { state: 'done', fingerprint: 'f1', response: answer })
    await b!.release('acme:k') // a finished answer stays
    assert.equal((await a!.get('acme:k'))?.state, 'done')
    assert.equal(await a!.claim('acme:other', 'f'), undefined)
    await a!.release('acme:other')
    assert.equal(await b!.claim('acme:other', 'f'), undefined)
  },
)

test(
  'idempotency: a pending claim expires after pendingTtlMs, an answer after ttlMs',
  needsRedis,
  async () => {
    const connection = await instance()
    const store = createRedisIdempotencyStore({ connection, prefix: 't4:', pendingTtlMs: 100, ttlMs: 400 })
    await store.claim('pending', 'f')
    await store.claim('done', 'f')
    await store.complete('done', 'f', { status: 201, body: {} })
    await waitFor(async () => (await store.get('pending')) === undefined, 'the pending claim expires')
    assert.equal((await store.get('done'))?.state, 'done')
    await waitFor(async () => (await store.get('done')) === undefined, 'the answer expires')
  },
)

test(
  'idempotency: a claim Redis takes after it timed out is taken back, not left to hold off the retries',
  needsRedis,
  async () => {
    const one = createRedisConnection({ url: redis.url, commandTimeoutMs: 200 })
    connections.push(one)
    assert.equal(await one.ready(5_000), true)
    const [a, b] = [one, await instance()].map((connection) =>
      createRedisIdempotencyStore({ connection, prefix: 't7:' }),
    )
    const other = await b!.claim('acme:held', 'f')
    redis.pause()
    try {
      await assert.rejects(a!.claim('acme:stalled', 'f'), isPaused)
    } finally {
      redis.resume()
    }
    // Redis runs the claim it had received when it goes on: a pending record that no request works on.
    await waitFor(() => one.up, 'the probe sees Redis back')
    await waitFor(async () => (await b!.get('acme:stalled')) === undefined, 'the stalled claim is taken back')
    assert.equal(await b!.claim('acme:stalled', 'f'), undefined)
    // A release takes back only this instance's own claim, never one another instance holds.
    assert.equal(other, undefined)
    await a!.release('acme:held')
    assert.equal((await a!.get('acme:held'))?.state, 'pending')
  },
)

test('replay guard: an id is new once over both instances', needsRedis, async () => {
  const [a, b] = [await instance(), await instance()].map((connection) =>
    createRedisReplayGuard({ connection, prefix: 't5:', fallback: createMemoryReplayGuard() }),
  )
  const seen = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b)!.firstSeen('whk-1')))
  assert.equal(seen.filter(Boolean).length, 1)
  assert.equal(await a!.firstSeen('whk-2'), true)
})

test(
  'Redis away: limits and the replay guard go on in memory, bookings are refused, answers wait for Redis',
  needsRedis,
  async () => {
    const clock = manualClock('2027-04-14T15:00:00Z')
    const [one, two] = [await instance(), await instance()]
    const limits = createRedisRateLimitStore({
      connection: one,
      clock,
      prefix: 't6:',
      fallback: createMemoryRateLimitStore({ clock }),
    })
    const guard = createRedisReplayGuard({
      connection: one,
      prefix: 't6:',
      fallback: createMemoryReplayGuard(),
    })
    const quotas = createRedisQuotaStore({ connection: one, clock, prefix: 't6:' })
    const [a, b] = [one, two].map((connection) => createRedisIdempotencyStore({ connection, prefix: 't6:' }))
    await limits.hit('site:acme', 60_000)
    await limits.hit('site:acme', 60_000)
    assert.equal(await a!.claim('acme:booked', 'f'), undefined)

    await redis.stop()
    await waitFor(() => !one.up && !two.up, 'both instances see Redis go')
    // Counted in this instance's memory from scratch: a local limit, answered at once.
    assert.deepEqual(limits.hit('site:acme', 60_000), {
      count: 1,
      resetAt: Date.parse('2027-04-14T15:01:00Z'),
    })
    assert.equal(await guard.firstSeen('whk-down'), true)
    assert.equal(await guard.firstSeen('whk-down'), false)
    await assert.rejects(a!.claim('acme:new', 'f'), isPaused)
    await assert.rejects(async () => quotas.take('booking:acme:ip:1', 3, 3_600_000), isPaused)
    // A use not given back for want of Redis leaves its window by itself; the visitor's answer stands.
    await quotas.giveBack('booking:acme:ip:1', clock())
    // The booking of the claim made before finished meanwhile: its answer is kept, and replayed here.
    const answer = { status: 201, body: { id: 'apt-9' } }
    await a!.complete('acme:booked', 'f', answer)
    assert.deepEqual(await a!.claim('acme:booked', 'f'), {
      state: 'done',
      fingerprint: 'f',
      response: answer,
    })

    await redis.start() // empty: nothing was saved
    await waitFor(() => one.up && two.up, 'both instances reconnect by themselves')
    await waitFor(async () => (await b!.get('acme:booked')) !== undefined, 'the kept answer reaches Redis')
    assert.deepEqual(await b!.claim('acme:booked', 'f'), {
      state: 'done',
      fingerprint: 'f',
      response: answer,
    })
    assert.equal((await limits.hit('site:acme', 60_000)).count, 1, 'counted in Redis again')
  },
)
