// Several proxies behind one load balancer share one Redis: a site's limit, a booking's idempotency key and a
// calendar's invalidation hold over all of them, as they hold in one process. Real proxies (startProxy), a real
// redis-server and the GHL sandbox on a port; requests alternate between the instances.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { SANDBOX } from '../demo/sandbox/index.ts'
import { TEST_NOW } from './support/dates.ts'
import { freeStart, startInstances } from './support/instances.ts'
import { visitor } from './support/proxy-on-sandbox.ts'
import { needsRedis, startRedis, waitFor, type TestRedis } from './support/redis-server.ts'

let redis: TestRedis
before(async () => {
  if (!needsRedis.skip) redis = await startRedis()
})
after(() => redis?.close())

const ZONE = SANDBOX.timeZone
const DAY_MS = 86_400_000
const day = (offset: number) => new Date(TEST_NOW + offset * DAY_MS).toISOString().slice(0, 10)

/** Requests to instances in turn until the first 429; its number (1-based), or 0 if none. */
async function refusedAt(stack: Awaited<ReturnType<typeof startInstances>>, most: number) {
  for (let n = 1; n <= most; n++) {
    const answer = await stack.calendar(n % stack.proxies.length, SANDBOX.calendars.consultation)
    if (answer.status === 429) return n
    assert.equal(answer.status, 200)
  }
  return 0
}

test(
  'a site limit of 20 a minute is refused at the 21st request over the instances, not at the 41st',
  needsRedis,
  async (t) => {
    const site = { rateLimit: { site: { limit: 20, windowSeconds: 60 } } }
    const shared = await startInstances({ count: 2, now: TEST_NOW, redis, site })
    const alone = await startInstances({ count: 2, now: TEST_NOW, site })
    try {
      const withRedis = await refusedAt(shared, 60)
      const inMemory = await refusedAt(alone, 60)
      t.diagnostic(
        `site limit 20 over 2 instances: refused at request ${withRedis} with Redis, ${inMemory} without`,
      )
      assert.equal(withRedis, 21)
      assert.equal(inMemory, 41)
      // The headers count over both instances: the 21st answer says so wherever it landed.
      const answer = await shared.calendar(0, SANDBOX.calendars.consultation)
      assert.equal(answer.status, 429)
      assert.match(answer.headers.get('RateLimit') ?? '', /^"site";r=0;t=\d+$/)
    } finally {
      await shared.close()
      await alone.close()
    }
  },
)

test(
  'ten visitors racing one slot over three instances: one appointment, nine 409 slot_taken',
  needsRedis,
  async (t) => {
    const stack = await startInstances({ count: 3, now: TEST_NOW, redis })
    try {
      const calendarId = SANDBOX.calendars.consultation
      const start = await freeStart(stack, calendarId, TEST_NOW)
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, n) =>
          stack.book(n % 3, visitor(n, calendarId, start, ZONE), `race-key-${n}`, `198.51.100.${n + 1}`),
        ),
      )
      const statuses = answers.map((answer) => answer.status).sort()
      const made = stack.sandbox
        .appointments()
        .filter((a) => a.startTime && Date.parse(a.startTime) === Date.parse(start))
      t.diagnostic(`race for one slot: ${made.length} appointment, answers ${statuses.join(' ')}`)
      assert.deepEqual(statuses, [201, ...Array(9).fill(409)])
      assert.ok(answers.filter((a) => a.status === 409).every((a) => a.body.error.code === 'slot_taken'))
      assert.equal(made.length, 1)
    } finally {
      await stack.close()
    }
  },
)

test(
  'a booking retried with its key on another instance while the first is in flight: one appointment, one answer',
  needsRedis,
  async (t) => {
    // A class of three seats: without the shared key the retry, finding no appointment of hers yet, takes a second seat.
    const calendarId = SANDBOX.calendars.groupClass
    const stack = await startInstances({ count: 2, now: TEST_NOW, redis })
    try {
      const start = await freeStart(stack, calendarId, TEST_NOW)
      stack.sandbox.setFaults({ latencyMs: 1_500 })
      const body = visitor(1, calendarId, start, ZONE)
      const first = stack.book(0, body, 'retried-key')
      // The retry arrives once the first holds the key and waits on GHL (every GHL answer takes 1.5 s).
      const redisOfA = stack.proxies[0]!.redis!.connection.client
      await waitFor(
        async () => (await redisOfA.exists('ghl-booking:idem:site:retried-key')) === 1,
        'the claim',
      )
      const second = await stack.book(1, body, 'retried-key')
      const answer = await first
      stack.sandbox.setFaults({ latencyMs: 0 })
      const made = stack.sandbox.appointments().filter((a) => a.calendarId === calendarId)
      t.diagnostic(
        `retry on the other instance: ${made.length} appointment, answers ${answer.status} and ${second.status}`,
      )
      assert.equal(answer.status, 201)
      assert.equal(second.status, 201)
      assert.deepEqual(second.body, answer.body)
      assert.equal(answer.headers.get('Idempotent-Replayed'), null)
      assert.equal(second.headers.get('Idempotent-Replayed'), 'true')
      assert.equal(made.length, 1)
    } finally {
      await stack.close()
    }
  },
)

test(
  'a webhook delivered to instance A: instance B no longer serves the slot it invalidated',
  needsRedis,
  async (t) => {
    const stack = await startInstances({ count: 2, now: TEST_NOW, redis })
    try {
      const calendarId = SANDBOX.calendars.consultation
      const start = await freeStart(stack, calendarId, TEST_NOW)
      const servedByB = async () =>
        (await stack.slots(1, calendarId, day(1), day(7), ZONE)).body.slots.some(
          (slot: { start: string }) => slot.start === start,
        )
      assert.equal(await servedByB(), true)
      const readsBefore = stack.sandbox.requests().length
      stack.sandbox.setWebhook({ url: `${stack.proxies[0]!.url}/v1/webhooks/ghl` })
      // Booked inside GHL: the sandbox sends its signed AppointmentCreate to A only.
      const booked = await fetch(`${stack.sandboxUrl}/_sandbox/appointments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ calendarId, startTime: start }),
      })
      assert.equal(booked.status, 201)
      await stack.sandbox.settle()
      assert.deepEqual(
        stack.sandbox.webhookDeliveries().map((delivery) => delivery.status),
        [200],
      )
      await waitFor(async () => !(await servedByB()), 'B drops the slot', 5_000)
      t.diagnostic(`webhook to A: B asked GHL again (${stack.sandbox.requests().length - readsBefore} reads)`)
    } finally {
      await stack.close()
    }
  },
)
