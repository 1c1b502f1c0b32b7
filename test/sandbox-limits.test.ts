// The sandbox's rate limits and injected faults: GHL's burst and daily limits with their headers, added
// latency, 5xx, timeouts that only end when the client gives up, and forced 429 bursts.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createSandbox, SANDBOX } from '../demo/sandbox/index.ts'
import { bookSlot, callSandbox, manualClock, upsertContact } from '../demo/sandbox/testing.ts'
import { TEST_NOW } from './support/dates.ts'

const LOCATION = `/locations/${SANDBOX.locationId}`
const HEADERS = [
  'x-ratelimit-limit-daily',
  'x-ratelimit-daily-remaining',
  'x-ratelimit-interval-milliseconds',
  'x-ratelimit-max',
  'x-ratelimit-remaining',
]
const rateHeaders = (headers: Headers) => Object.fromEntries(HEADERS.map((h) => [h, headers.get(h)]))

test('burst limit: 100 requests per 10 s per location, the five headers on every answer, 429 past it', async () => {
  const clock = manualClock('2026-03-02T14:00:00Z')
  const sandbox = createSandbox({ now: clock })
  for (let i = 1; i <= 100; i++) {
    const res = await callSandbox(sandbox, LOCATION)
    assert.equal(res.status, 200)
    assert.deepEqual(rateHeaders(res.headers), {
      'x-ratelimit-limit-daily': '200000',
      'x-ratelimit-daily-remaining': String(200_000 - i),
      'x-ratelimit-interval-milliseconds': '10000',
      'x-ratelimit-max': '100',
      'x-ratelimit-remaining': String(100 - i),
    })
    if (i === 50) clock.advance(5_000)
  }
  const refused = await callSandbox(sandbox, LOCATION)
  assert.equal(refused.status, 429)
  assert.equal(refused.headers.get('x-ratelimit-remaining'), '0')
  assert.equal(refused.headers.get('x-ratelimit-daily-remaining'), '199900')
  assert.equal(refused.body.statusCode, 429)

  // The control routes are never limited.
  assert.equal((await sandbox.app.request('/_sandbox/requests')).status, 200)

  // The window slides: the first 50 leave it 10 s after they came, the other 50 are still in it.
  clock.advance(5_001)
  const after = await callSandbox(sandbox, LOCATION)
  assert.equal(after.status, 200)
  assert.equal(after.headers.get('x-ratelimit-remaining'), '49')
  assert.deepEqual(
    sandbox
      .requests()
      .map((r) => r.status)
      .filter((s) => s === 429),
    [429],
  )
})

test('daily limit, and unauthenticated requests do not count', async () => {
  const sandbox = createSandbox({ now: manualClock('2026-03-02T14:00:00Z'), dailyLimit: 3 })
  assert.equal(
    (await callSandbox(sandbox, LOCATION, { headers: { authorization: 'Bearer nope' } })).status,
    401,
  )
  for (let i = 0; i < 3; i++) assert.equal((await callSandbox(sandbox, LOCATION)).status, 200)
  const refused = await callSandbox(sandbox, LOCATION)
  assert.equal(refused.status, 429)
  assert.equal(refused.headers.get('x-ratelimit-daily-remaining'), '0')
  sandbox.reset()
  assert.equal((await callSandbox(sandbox, LOCATION)).status, 200, 'reset clears the counts')
})

test('forced 429 burst: the next N requests are refused, then the API recovers', async () => {
  const sandbox = createSandbox({ now: manualClock('2026-03-02T14:00:00Z') })
  const set = await sandbox.app.request('/_sandbox/faults', {
    method: 'POST',
    body: JSON.stringify({ rateLimitBurst: 3 }),
  })
  assert.equal(set.status, 200)
  const statuses = []
  for (let i = 0; i < 4; i++) statuses.push((await callSandbox(sandbox, LOCATION)).status)
  assert.deepEqual(statuses, [429, 429, 429, 200])
  assert.equal(sandbox.faults().rateLimitBurst, 0)
  assert.deepEqual(
    sandbox.requests().map((r) => r.fault),
    ['rate_limit', 'rate_limit', 'rate_limit', undefined],
  )
})

test('error rate: 5xx answers; a failed write may or may not have taken effect', async () => {
  const sandbox = createSandbox({ now: manualClock('2026-03-02T14:00:00Z'), random: () => 0 })
  const contactId = await upsertContact(sandbox)
  sandbox.setFaults({ errorRate: 1, afterEffectRate: 0 })
  const read = await callSandbox(sandbox, LOCATION)
  assert.ok(read.status >= 500, String(read.status))
  const lost = await bookSlot(sandbox, SANDBOX.calendars.consultation, contactId, '2026-03-04T09:00:00-05:00')
  assert.ok(lost.status >= 500)
  assert.equal(sandbox.appointments().length, 0, 'failed before the write')

  sandbox.setFaults({ afterEffectRate: 1 })
  const ghost = await bookSlot(
    sandbox,
    SANDBOX.calendars.consultation,
    contactId,
    '2026-03-04T09:00:00-05:00',
  )
  assert.ok(ghost.status >= 500)
  assert.equal(sandbox.appointments().length, 1, 'the write happened, the answer was lost')
  assert.equal(sandbox.requests().at(-1)?.fault, 'error')

  sandbox.setFaults({ errorRate: 0.5 })
  assert.equal(sandbox.faults().errorRate, 0.5)
  sandbox.reset()
  assert.deepEqual(sandbox.faults(), {
    latencyMs: 0,
    errorRate: 0,
    timeoutRate: 0,
    rateLimitBurst: 0,
    afterEffectRate: 0.5,
  })
  assert.equal((await callSandbox(sandbox, LOCATION)).status, 200)
})

test('error rate is a share: with a seeded random about that many requests fail', async () => {
  let seed = 42
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31
  const sandbox = createSandbox({
    now: () => TEST_NOW,
    random,
    faults: { errorRate: 0.3 },
    burst: { max: 1_000, intervalMs: 10_000 },
  })
  let failed = 0
  for (let i = 0; i < 400; i++) if ((await callSandbox(sandbox, LOCATION)).status >= 500) failed++
  assert.ok(failed > 80 && failed < 160, `${failed} of 400 failed`)
})

test('latency delays the answer', async () => {
  const sandbox = createSandbox({ now: () => TEST_NOW, faults: { latencyMs: 60 } })
  const started = performance.now()
  assert.equal((await callSandbox(sandbox, LOCATION)).status, 200)
  assert.ok(performance.now() - started >= 55)
})

test('timeouts: no answer until the client aborts, or until the hang ends; nothing left pending', async () => {
  const sandbox = createSandbox({ now: () => TEST_NOW, faults: { timeoutRate: 1 }, hangMs: 5_000 })
  const controller = new AbortController()
  const started = performance.now()
  const pending = callSandbox(sandbox, LOCATION, { signal: controller.signal })
  let settled = false
  void pending.then(() => (settled = true))
  await new Promise((resolve) => setTimeout(resolve, 30))
  assert.equal(settled, false, 'still hanging')
  controller.abort()
  const res = await pending
  assert.equal(res.status, 504)
  assert.ok(performance.now() - started < 1_000)
  assert.equal(sandbox.requests().at(-1)?.fault, 'timeout')

  const short = createSandbox({ now: () => TEST_NOW, faults: { timeoutRate: 1 }, hangMs: 20 })
  assert.equal((await callSandbox(short, LOCATION)).status, 504)

  // close() ends hanging requests at once (a test's teardown).
  const hanging = callSandbox(sandbox, LOCATION)
  sandbox.close()
  assert.equal((await hanging).status, 504)
})

test('fault settings over HTTP are validated', async () => {
  const sandbox = createSandbox({ now: () => TEST_NOW })
  const post = (body: unknown) =>
    sandbox.app.request('/_sandbox/faults', { method: 'POST', body: JSON.stringify(body) })
  assert.equal((await post({ errorRate: 2 })).status, 400)
  assert.equal((await post({ surprise: 1 })).status, 400)
  const ok = await post({ latencyMs: 5, timeoutRate: 0.1 })
  assert.deepEqual(await ok.json(), {
    latencyMs: 5,
    errorRate: 0,
    timeoutRate: 0.1,
    rateLimitBurst: 0,
    afterEffectRate: 0.5,
  })
  assert.deepEqual(await (await sandbox.app.request('/_sandbox/faults')).json(), sandbox.faults())
})
