// The contact's opportunity in a GHL pipeline, through the whole proxy over the sandbox: made after a booking, moved
// rather than duplicated for a returning contact, kept on a reschedule, moved on a cancellation, retried in the
// background when GHL fails, given up (logged and counted) without touching the booking, bounded in memory.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { manageRoutes } from '../contract/manage.ts'
import type { Slot } from '../contract/schemas.ts'
import { SANDBOX, SANDBOX_PIPELINE } from '../demo/sandbox/index.ts'
import type { SiteInput } from '../proxy/src/config/sites.ts'
import { createPrometheusMetrics } from '../proxy/src/entries/prometheus.ts'
import type { OpportunityOutcome } from '../proxy/src/metrics/metrics.ts'
import type { ProxyOptions } from '../proxy/src/proxy.ts'
import { TEST_NOW, TEST_ZONES } from './support/dates.ts'
import { ORIGIN, proxyOnSandbox, visitor } from './support/proxy-on-sandbox.ts'

const ZONE = TEST_ZONES[0]!
const HOUR = 3_600_000
const { consultation, session } = SANDBOX.calendars
const { id: PIPELINE, stages } = SANDBOX_PIPELINE
const METRICS_TOKEN = 'metrics-token-for-the-tests'
const OPPORTUNITY = {
  pipelineId: PIPELINE,
  stageId: stages.booked,
  cancelledStageId: stages.cancelled,
  monetaryValue: 90,
}

function setup(options: { site?: Partial<SiteInput>; proxy?: Partial<ProxyOptions> } = {}) {
  const metrics = createPrometheusMetrics()
  const outcomes: OpportunityOutcome[] = []
  const env = proxyOnSandbox({
    now: TEST_NOW,
    sandbox: { random: () => 0 },
    site: { opportunity: OPPORTUNITY, ...options.site },
    proxy: {
      manage: { secret: 'manage-secret-for-the-tests-0123456789abcdef' },
      metrics: {
        ...metrics,
        opportunity(outcome) {
          outcomes.push(outcome)
          metrics.opportunity(outcome)
        },
      },
      metricsToken: METRICS_TOKEN,
      ...options.proxy,
    },
  })
  const opportunities = env.proxy.opportunities!
  const freeSlots = async (calendarId: string = consultation): Promise<Slot[]> => {
    const from = new Date(TEST_NOW + 24 * HOUR).toISOString().slice(0, 10)
    const to = new Date(TEST_NOW + 20 * 24 * HOUR).toISOString().slice(0, 10)
    const answer = await env.slots(calendarId, from, to, ZONE)
    assert.equal(answer.status, 200)
    return answer.body.slots
  }
  /** Books as visitor `n` (one e-mail address per `n`) and waits for the background work. */
  const bookAs = async (
    n: number,
    start: string,
    calendarId: string = consultation,
    key = `key-${n}-${start}`,
  ) => {
    const answer = await env.book(visitor(n, calendarId, start, ZONE), key)
    assert.equal(answer.status, 201, JSON.stringify(answer.body))
    return answer.body
  }
  const post = async (path: string, body: unknown, key: string) => {
    const response = await env.proxy.app.request(path, {
      method: 'POST',
      headers: { origin: ORIGIN, 'idempotency-key': key, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    return { status: response.status, body: await response.json() }
  }
  const metricsText = async () => {
    const response = await env.proxy.app.request('/metrics', {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    })
    return response.text()
  }
  /** Requests to GHL's opportunity routes, as `METHOD /path`. */
  const opportunityCalls = () =>
    env.sandbox
      .requests()
      .filter((r) => r.path.startsWith('/opportunities'))
      .map((r) => `${r.method} ${r.path}`)
  return { ...env, opportunities, outcomes, freeSlots, bookAs, post, metricsText, opportunityCalls }
}

test('a booking puts the contact in the configured stage, named from the template, open, with its value', async () => {
  const { bookAs, freeSlots, opportunities, sandbox, outcomes, metricsText } = setup()
  const [slot] = await freeSlots()
  await bookAs(1, slot!.start)
  await opportunities.idle()
  const contact = [...sandbox.state().contacts.values()].find((c) => c.email === 'visitor1@example.com')!
  assert.deepEqual(
    sandbox.opportunities().map((o) => [o.name, o.pipelineStageId, o.status, o.monetaryValue, o.contactId]),
    [['Visitor No1 – Free consultation', stages.booked, 'open', 90, contact.id]],
  )
  assert.deepEqual(outcomes, ['created'])
  assert.match(await metricsText(), /ghl_booking_opportunities_total\{outcome="created"\} 1/)
})

test('the same contact booking again moves her open opportunity to the stage instead of adding one', async () => {
  const { bookAs, freeSlots, opportunities, sandbox, outcomes } = setup({
    site: { calendarOpportunities: { [session]: { pipelineId: PIPELINE, stageId: stages.newLead } } },
  })
  await bookAs(1, (await freeSlots(session))[0]!.start, session)
  await opportunities.idle()
  const [first] = sandbox.opportunities()
  assert.equal(first!.pipelineStageId, stages.newLead)
  await bookAs(1, (await freeSlots())[3]!.start)
  await opportunities.idle()
  const after = sandbox.opportunities()
  assert.equal(after.length, 1, 'one opportunity per contact and pipeline')
  assert.equal(after[0]!.id, first!.id)
  assert.equal(after[0]!.pipelineStageId, stages.booked)
  assert.equal(after[0]!.name, first!.name, 'a returning contact keeps the name her opportunity has')
  assert.deepEqual(outcomes, ['created', 'moved'])
  // Another visitor gets an opportunity of her own.
  await bookAs(2, (await freeSlots())[5]!.start)
  await opportunities.idle()
  assert.equal(sandbox.opportunities().length, 2)
})

test('a reschedule keeps the opportunity as it is; a cancellation through the link moves it to cancelledStageId', async () => {
  const { bookAs, freeSlots, opportunities, sandbox, post, site, opportunityCalls, outcomes } = setup()
  const [slot, , later] = await freeSlots()
  const booking = await bookAs(1, slot!.start)
  await opportunities.idle()
  const [before] = sandbox.opportunities()
  const calls = opportunityCalls().length
  const moved = await post(
    manageRoutes.reschedule(site.id, booking.manageToken),
    { start: later!.start, timeZone: ZONE },
    'move-key-1',
  )
  assert.equal(moved.status, 200, JSON.stringify(moved.body))
  await opportunities.idle()
  assert.deepEqual(sandbox.opportunities(), [before], 'a reschedule changes nothing of the opportunity')
  assert.equal(opportunityCalls().length, calls, 'and costs no opportunity call')
  const cancelled = await post(manageRoutes.cancel(site.id, moved.body.manageToken), {}, 'cancel-key-1')
  assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body))
  await opportunities.idle()
  assert.deepEqual(
    sandbox.opportunities().map((o) => [o.id, o.pipelineStageId, o.status]),
    [[before!.id, stages.cancelled, 'open']],
  )
  assert.deepEqual(outcomes, ['created', 'moved'])
})

test('without cancelledStageId a cancellation leaves the opportunity alone', async () => {
  const { bookAs, freeSlots, opportunities, sandbox, post, site, opportunityCalls } = setup({
    site: { opportunity: { pipelineId: PIPELINE, stageId: stages.booked } },
  })
  const booking = await bookAs(1, (await freeSlots())[0]!.start)
  await opportunities.idle()
  const calls = opportunityCalls().length
  assert.equal(
    (await post(manageRoutes.cancel(site.id, booking.manageToken), {}, 'cancel-key-1')).status,
    200,
  )
  await opportunities.idle()
  assert.equal(opportunityCalls().length, calls)
  assert.equal(sandbox.opportunities()[0]!.pipelineStageId, stages.booked)
})

test('GHL failing on the upsert: the visitor gets 201 at once, the opportunity appears after the background retry', async () => {
  const waits: number[] = []
  const env = setup({
    proxy: {
      opportunities: {
        sleep: async (ms) => {
          waits.push(ms)
          env.sandbox.setFaults({ errorRate: 0 }) // GHL recovers while the job waits
        },
      },
    },
  })
  const { bookAs, freeSlots, opportunities, sandbox, outcomes } = env
  const [slot] = await freeSlots()
  sandbox.setFaults({ errorRate: 1, afterEffectRate: 0, paths: ['/opportunities/upsert'] })
  const booking = await bookAs(1, slot!.start)
  assert.ok(
    sandbox.appointments().some((a) => a.id === booking.id),
    'the appointment stands',
  )
  await opportunities.idle()
  assert.deepEqual(waits, [1_000], 'one background wait, the first of the backoff')
  assert.deepEqual(outcomes, ['retried', 'created'])
  assert.equal(sandbox.opportunities().length, 1)
})

test('GHL failing for good: the booking stands, the failure is logged with ids only and counted in /metrics', async () => {
  const { bookAs, freeSlots, opportunities, sandbox, outcomes, lines, metricsText } = setup()
  const [slot] = await freeSlots()
  sandbox.setFaults({ errorRate: 1, afterEffectRate: 0, paths: ['/opportunities/upsert'] })
  const booking = await bookAs(1, slot!.start)
  await opportunities.idle()
  assert.ok(sandbox.appointments().some((a) => a.id === booking.id))
  assert.deepEqual(sandbox.opportunities(), [])
  assert.deepEqual(outcomes, ['retried', 'retried', 'retried', 'failed'])
  const failed = lines.filter((line) => line.msg === 'opportunity.failed')
  assert.equal(failed.length, 1)
  assert.equal(failed[0]!.site, 'site')
  assert.equal(failed[0]!.attempts, 4)
  const text = JSON.stringify(lines)
  assert.ok(!text.includes(SANDBOX.token), 'no token in the log')
  assert.ok(!text.includes('visitor1@example.com') && !text.includes('No1'), 'no e-mail or name in the log')
  const exposition = await metricsText()
  assert.match(exposition, /ghl_booking_opportunities_total\{outcome="failed"\} 1/)
  assert.match(exposition, /ghl_booking_opportunities_total\{outcome="retried"\} 3/)
})

test('pending background work is capped: past maxPending a job is dropped, logged and counted, the bookings stand', async () => {
  const releases: (() => void)[] = []
  const { bookAs, freeSlots, opportunities, sandbox, outcomes, lines } = setup({
    proxy: {
      opportunities: {
        maxPending: 2,
        retryDelaysMs: [1_000],
        sleep: () => new Promise<void>((resolve) => releases.push(resolve)),
      },
    },
  })
  const slots = await freeSlots()
  sandbox.setFaults({ errorRate: 1, afterEffectRate: 0, paths: ['/opportunities/upsert'] })
  for (const n of [1, 2, 3, 4]) await bookAs(n, slots[n * 2]!.start)
  assert.equal(sandbox.appointments().length, 4)
  assert.equal(lines.filter((line) => line.msg === 'opportunity.dropped').length, 2)
  // The two jobs that fit are waiting for their retry; let GHL recover and them finish.
  for (let i = 0; i < 100 && releases.length < 2; i++) await new Promise((resolve) => setImmediate(resolve))
  assert.equal(opportunities.pending(), 2)
  sandbox.setFaults({ errorRate: 0 })
  for (const release of releases) release()
  await opportunities.idle()
  assert.equal(sandbox.opportunities().length, 2)
  assert.deepEqual(outcomes.filter((o) => o !== 'retried').sort(), ['created', 'created', 'failed', 'failed'])
})

test('an unknown stage found on first use (as on Workers, which check nothing at start): logged, counted, the booking stands', async () => {
  const { bookAs, freeSlots, opportunities, sandbox, outcomes, lines } = setup({
    site: { opportunity: { pipelineId: PIPELINE, stageId: 'stage-gone' } },
  })
  await bookAs(1, (await freeSlots())[0]!.start)
  await opportunities.idle()
  assert.equal(sandbox.appointments().length, 1)
  assert.deepEqual(sandbox.opportunities(), [])
  assert.deepEqual(outcomes, ['failed'], 'a wrong setting is not retried')
  const [failed] = lines.filter((line) => line.msg === 'opportunity.failed')
  assert.match(
    String(failed!.problem),
    /opportunity\.stageId "stage-gone" is not a stage of pipeline "Booking pipeline"/,
  )
})

test("the background work goes to the runtime's waitUntil, as an edge runtime needs it", async () => {
  const { freeSlots, proxy, sandbox, site } = setup()
  const handed: Promise<unknown>[] = []
  const ctx = {
    waitUntil: (work: Promise<unknown>) => void handed.push(work),
    passThroughOnException() {},
    props: {},
  }
  const [slot] = await freeSlots()
  const response = await proxy.app.request(
    `/v1/sites/${site.id}/bookings`,
    {
      method: 'POST',
      headers: { origin: ORIGIN, 'idempotency-key': 'edge-key-1', 'content-type': 'application/json' },
      body: JSON.stringify(visitor(1, consultation, slot!.start, ZONE)),
    },
    {},
    ctx,
  )
  assert.equal(response.status, 201)
  assert.equal(handed.length, 1)
  await Promise.all(handed)
  assert.equal(sandbox.opportunities().length, 1)
})
