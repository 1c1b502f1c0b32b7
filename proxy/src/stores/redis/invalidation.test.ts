// Slot invalidation over Redis pub/sub between two instances, with a real redis-server stopped and started again.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { needsRedis, startRedis, waitFor, type TestRedis } from '../../../../test/support/redis-server.ts'
import { createRedisConnection, type RedisConnection } from './connection.ts'
import { createRedisInvalidation, type RedisInvalidation } from './invalidation.ts'

let redis: TestRedis
const opened: { connection: RedisConnection; bus: RedisInvalidation }[] = []
before(async () => {
  if (!needsRedis.skip) redis = await startRedis()
})
after(async () => {
  for (const { connection, bus } of opened) {
    await bus.close()
    await connection.close()
  }
  await redis?.close()
})

/** An instance's bus, and what its listener heard. */
async function instance() {
  const connection = createRedisConnection({ url: redis.url })
  const bus = createRedisInvalidation({ connection, prefix: 'test:' })
  opened.push({ connection, bus })
  const heard: string[] = []
  bus.subscribe({ invalidate: (id) => heard.push(id), invalidateAll: () => heard.push('*all*') })
  assert.equal(await connection.ready(5_000), true)
  assert.equal(await bus.subscribed(5_000), true)
  return { connection, bus, heard }
}

test(
  'a calendar invalidated on one instance is invalidated on the other, not twice on its own',
  needsRedis,
  async () => {
    const a = await instance()
    const b = await instance()
    a.bus.publish('cal-1')
    b.bus.publish('cal-2')
    await waitFor(() => a.heard.length === 1 && b.heard.length === 1, 'each hears the other')
    assert.deepEqual(a.heard, ['cal-2'])
    assert.deepEqual(b.heard, ['cal-1'])
  },
)

test(
  'after Redis was away each instance drops everything, then hears the others again',
  needsRedis,
  async () => {
    const a = await instance()
    const b = await instance()
    await redis.stop()
    await waitFor(() => !a.connection.up, 'A sees Redis go')
    await redis.start()
    // What was published meanwhile is lost: each subscription, once back, drops everything it holds.
    await waitFor(() => a.heard.includes('*all*') && b.heard.includes('*all*'), 'both drop everything')
    await waitFor(() => a.connection.up, 'A is back')
    a.bus.publish('cal-3')
    await waitFor(() => b.heard.includes('cal-3'), 'B hears A again')
  },
)

test(
  'a change an instance could not publish is made up for when its connection is back',
  needsRedis,
  async () => {
    const a = await instance()
    const b = await instance()
    // Only A's publishing connection drops (B's subscription stays): B would never know of cal-1.
    a.connection.client.disconnect(true)
    a.bus.publish('cal-1')
    await waitFor(() => b.heard.includes('*all*'), 'B is told to drop everything')
    assert.deepEqual(b.heard, ['*all*'])
  },
)
