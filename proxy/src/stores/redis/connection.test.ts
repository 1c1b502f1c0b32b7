import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { needsRedis, startRedis, waitFor, type TestRedis } from '../../../../test/support/redis-server.ts'
import type { LogEntry } from '../../logger.ts'
import { createRedisConnection, RedisUnavailableError } from './connection.ts'

let redis: TestRedis
before(async () => {
  if (!needsRedis.skip) redis = await startRedis()
})
after(() => redis?.close())

test(
  'Redis stopped and started again: one line when it goes, one when it is back, none per command',
  needsRedis,
  async () => {
    const lines: LogEntry[] = []
    const connection = createRedisConnection({ url: redis.url, log: (entry) => lines.push(entry) })
    let recovered = 0
    connection.onRecover(() => recovered++)
    assert.equal(await connection.ready(5_000), true)
    assert.equal(await connection.run((client) => client.ping()), 'PONG')

    await redis.stop()
    await waitFor(() => !connection.up, 'the connection sees Redis go')
    for (let i = 0; i < 50; i++) {
      await assert.rejects(
        connection.run((client) => client.ping()),
        RedisUnavailableError,
      )
    }
    await redis.start()
    await waitFor(() => connection.up, 'the connection is back by itself')
    assert.equal(await connection.run((client) => client.ping()), 'PONG')
    assert.deepEqual(
      lines.map((line) => line.msg),
      ['redis.ready', 'redis.unavailable', 'redis.recovered'],
    )
    assert.equal(recovered, 1)
    assert.ok(!JSON.stringify(lines).includes(redis.url), 'the URL is never logged')
    await connection.close()
  },
)

test(
  'a stalled Redis: a command gives up after the timeout, later ones fail at once, a probe sees it back',
  needsRedis,
  async () => {
    const lines: string[] = []
    const connection = createRedisConnection({
      url: redis.url,
      commandTimeoutMs: 200,
      log: (entry) => lines.push(entry.msg),
    })
    await connection.ready(5_000)
    redis.pause()
    try {
      await assert.rejects(
        connection.run((client) => client.ping()),
        /timed out/,
      )
      assert.equal(connection.up, false)
      // Known down: refused without waiting for Redis at all.
      await assert.rejects(
        connection.run((client) => client.ping()),
        RedisUnavailableError,
      )
    } finally {
      redis.resume()
    }
    await waitFor(() => connection.up, 'the probe finds Redis answering again')
    assert.deepEqual(lines, ['redis.ready', 'redis.unavailable', 'redis.recovered'])
    await connection.close()
  },
)

test('a refusal by Redis itself does not count as Redis being down', needsRedis, async () => {
  const connection = createRedisConnection({ url: redis.url })
  await connection.ready(5_000)
  await connection.run((client) => client.set('a-string', 'x'))
  await assert.rejects(
    connection.run((client) => client.incr('a-string')),
    /not an integer/,
  )
  assert.equal(connection.up, true)
  await connection.close()
})
