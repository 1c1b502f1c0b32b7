// REDIS_URL on Deno and Bun: a Deno and a Bun instance of the proxy sharing one real redis-server count one site
// limit between them, as two Node instances do (test/redis-instances.test.ts).
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { SANDBOX } from '../../demo/sandbox/index.ts'
import { startRedis, type TestRedis } from '../support/redis-server.ts'
import { spawnedTarget } from './spawned.ts'
import { SUITE_ORIGIN, SUITE_SITE, type RuntimeTarget } from './target.ts'

const LIMIT = 10
let redis: TestRedis
const targets: RuntimeTarget[] = []

/** The suite's variables with one Redis and a site limit of LIMIT a minute. */
const shared = (suite: Record<string, string>) => {
  const [site] = JSON.parse(suite.SITES!)
  site.rateLimit.site.limit = LIMIT
  return { ...suite, SITES: JSON.stringify([site]), REDIS_URL: redis.url }
}

before(async () => {
  redis = await startRedis()
  // Deno asks for write permission on a unix socket it connects to; a redis:// URL needs --allow-net only.
  const permissions = [
    '--allow-net',
    '--allow-env',
    '--allow-read',
    '--allow-sys',
    `--allow-write=${redis.url}`,
  ]
  const deno = ['run', ...permissions, 'proxy/src/entries/deno.ts']
  targets.push(
    ...(await Promise.all([
      spawnedTarget('deno', deno, shared),
      spawnedTarget('bun', ['proxy/src/entries/bun.ts'], shared),
    ])),
  )
})

after(async () => {
  await Promise.all(targets.map((target) => target.close()))
  await redis?.close()
})

test('a Deno and a Bun instance on one Redis share the site limit: refused at LIMIT + 1, not at twice it', async () => {
  const path = `/v1/sites/${SUITE_SITE}/calendars/${SANDBOX.calendars.consultation}`
  const statuses: number[] = []
  for (let i = 0; i < LIMIT + 2; i++) {
    const response = await targets[i % 2]!.fetch(path, { headers: { Origin: SUITE_ORIGIN } })
    await response.body?.cancel()
    statuses.push(response.status)
  }
  const refusedAt = statuses.indexOf(429) + 1
  console.log(
    `site limit ${LIMIT} over a Deno and a Bun instance on one Redis: refused at request ${refusedAt}`,
  )
  assert.deepEqual(statuses.slice(0, LIMIT), Array(LIMIT).fill(200))
  assert.deepEqual(statuses.slice(LIMIT), [429, 429])
})
