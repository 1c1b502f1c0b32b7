// The Marketplace token store on a real redis-server: the cases every backend shares, then what only a shared store
// must show: two connections (two instances) racing one compare-and-set or one lease, grants that never expire, and
// what a call does while Redis is stopped or stalled.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { needsRedis, startRedis, waitFor, type TestRedis } from '../../../../test/support/redis-server.ts'
import { tokenStoreContract } from '../token-store-contract.ts'
import { createRedisConnection, type RedisConnection, type RedisConnectionOptions } from './connection.ts'
import { createRedisTokenStore } from './tokens.ts'

let redis: TestRedis
const connections: RedisConnection[] = []
before(async () => {
  if (!needsRedis.skip) redis = await startRedis()
})
after(async () => {
  await Promise.all(connections.map((connection) => connection.close()))
  await redis?.close()
})

/** A connection of its own, as each instance has. */
async function instance(options: Partial<RedisConnectionOptions> = {}) {
  const connection = createRedisConnection({ url: redis.url, ...options })
  connections.push(connection)
  assert.equal(await connection.ready(5_000), true)
  return connection
}

/**
 * Moves Redis's clock forward for the leases under `prefix`: each lease's time left shrinks by `ms` (gone when
 * none is left). A lease stored without an expiry, or with one in seconds, stays and fails the contract.
 */
async function advanceLeases(connection: RedisConnection, prefix: string, ms: number) {
  const client = connection.client
  for (const key of await client.keys(`${prefix}token-lease:*`)) {
    const left = await client.pttl(key)
    if (left < 0) continue
    if (left <= ms) await client.del(key)
    else await client.pexpire(key, left - ms)
  }
}

let stores = 0
tokenStoreContract(
  'redis',
  async () => {
    const connection = await instance()
    const prefix = `contract${++stores}:`
    return {
      store: createRedisTokenStore({ connection, prefix }),
      advance: (ms) => advanceLeases(connection, prefix, ms),
    }
  },
  needsRedis,
)

test(
  'redis: two instances racing one compare-and-set, 100 times: exactly one wins each',
  needsRedis,
  async () => {
    const [a, b] = [await instance(), await instance()].map((connection) =>
      createRedisTokenStore({ connection, prefix: 'race:' }),
    )
    let wins = 0
    for (let round = 0; round < 100; round++) {
      const key = `location:l${round}`
      assert.equal(await a!.put(key, 'first', 0), true)
      const [left, right] = await Promise.all([a!.put(key, `a${round}`, 1), b!.put(key, `b${round}`, 1)])
      assert.notEqual(left, right, `round ${round}: exactly one of the two writes`)
      wins += Number(left) + Number(right)
      const stored = await b!.get(key)
      assert.deepEqual(stored, { version: 2, sealed: left ? `a${round}` : `b${round}` })
    }
    assert.equal(wins, 100)
  },
)

test('redis: two instances racing one lease, 100 times: exactly one holder each', needsRedis, async () => {
  const [a, b] = [await instance(), await instance()].map((connection) =>
    createRedisTokenStore({ connection, prefix: 'lease-race:' }),
  )
  for (let round = 0; round < 100; round++) {
    const key = `company:c${round}`
    const holders = await Promise.all([a!.lease(key, 60_000), b!.lease(key, 60_000)])
    assert.equal(holders.filter(Boolean).length, 1, `round ${round}: ${holders}`)
  }
})

test(
  'redis: grants never expire and sit under the prefix; a lease expires on Redis’s clock',
  needsRedis,
  async () => {
    const connection = await instance()
    const store = createRedisTokenStore({ connection, prefix: 'deploy-7:' })
    await store.put('location:a', 'sealed-a', 0)
    await store.replace('company:c', 'sealed-c')
    assert.deepEqual((await connection.client.keys('deploy-7:*')).sort(), [
      'deploy-7:token:company:c',
      'deploy-7:token:location:a',
    ])
    assert.equal(await connection.client.pttl('deploy-7:token:location:a'), -1, 'no expiry')
    assert.equal(await connection.client.pttl('deploy-7:token:company:c'), -1, 'no expiry')
    // No instance's clock is asked: Redis lets the lease go by itself.
    assert.ok(await store.lease('location:a', 50))
    const left = await connection.client.pttl('deploy-7:token-lease:location:a')
    assert.ok(left > 0 && left <= 50, `${left} ms left`)
    await waitFor(async () => (await store.lease('location:a', 60_000)) !== undefined, 'the lease runs out')
    // An uninstall removes the grant and its lease.
    await store.delete('location:a')
    assert.deepEqual(await connection.client.keys('deploy-7:*'), ['deploy-7:token:company:c'])
  },
)

/** Settles `promise` or fails after a generous 10 s: a call that would hang past its command timeout. */
async function settles<T>(promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('still waiting after 10 s')), 10_000)
  })
  try {
    return await Promise.race([promise, hung])
  } finally {
    clearTimeout(timer)
  }
}

/** Every call of `store` rejects with an error that names Redis and carries no sealed value. */
async function allRefused(store: ReturnType<typeof createRedisTokenStore>, sealed: string) {
  const calls: (() => Promise<unknown>)[] = [
    () => store.get('location:a'),
    () => store.put('location:a', sealed, 1),
    () => store.replace('location:a', sealed),
    () => store.delete('location:b'),
    () => store.lease('location:a', 1_000),
    () => store.release('location:a', 'holder'),
  ]
  for (const call of calls) {
    await assert.rejects(settles(call()), (error: Error) => {
      assert.match(error.message, /^Redis is unavailable for the token store's \w+$/)
      assert.equal(error.cause, undefined)
      assert.ok(!JSON.stringify({ ...error, message: error.message, stack: error.stack }).includes(sealed))
      return true
    })
  }
}

test(
  'redis: stalled, a call rejects after the command timeout, naming Redis; then works again',
  needsRedis,
  async () => {
    const connection = await instance({ commandTimeoutMs: 200 })
    const store = createRedisTokenStore({ connection, prefix: 'stall:' })
    assert.equal(await store.replace('location:a', 'sealed-before'), 1)
    redis.pause()
    try {
      // The first call waits for its timeout, which marks Redis down; the others are refused at once.
      await allRefused(store, 'sealed-SECRET-while-stalled')
    } finally {
      redis.resume()
    }
    await waitFor(() => connection.up, 'the probe sees Redis answer again')
    assert.deepEqual(await store.get('location:a'), { version: 1, sealed: 'sealed-before' })
  },
)

test(
  'redis: stopped, every call rejects at once naming Redis; started again, it works',
  needsRedis,
  async () => {
    const connection = await instance()
    const store = createRedisTokenStore({ connection, prefix: 'stop:' })
    await redis.stop()
    await waitFor(() => !connection.up, 'the instance sees Redis go')
    await allRefused(store, 'sealed-SECRET-while-stopped')
    await redis.start()
    await waitFor(() => connection.up, 'the instance reconnects')
    assert.equal(await store.put('location:a', 'sealed-after', 0), true)
  },
)
