// Two Worker instances on workerd sharing the Durable Objects of the Worker entry: two Miniflare workers (two
// isolates, each with its own proxy in memory) built from the same bundle, the second bound to the first one's
// SiteState and LocationState namespaces (script_name). Requests alternate between them, as Cloudflare spreads
// visitors over isolates; GHL is the sandbox in this process. Where a figure is compared, the same pair without the
// bindings (state per isolate) runs beside it.
import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { routes } from '../../contract/schemas.ts'
import { SANDBOX, type Sandbox } from '../../demo/sandbox/index.ts'
import { TEST_NOW } from '../support/dates.ts'
import { busiestWindow } from '../support/instances.ts'
import { visitor } from '../support/proxy-on-sandbox.ts'
import {
  answerFromSandbox,
  runtimeVariables,
  suiteSandbox,
  SUITE_ORIGIN,
  SUITE_SITE,
  type RuntimeTarget,
} from './target.ts'
import { asFetchResponse, bundleWorker, importMiniflare, outboundTo } from './workerd-bundle.ts'

const ZONE = SANDBOX.timeZone
const DAY_MS = 86_400_000
const day = (offset: number) => new Date(TEST_NOW + offset * DAY_MS).toISOString().slice(0, 10)
/** The bindings of wrangler.jsonc. */
const OBJECTS = { SITE_STATE: 'SiteState', LOCATION_STATE: 'LocationState' }

type Answer = { status: number; headers: Headers; body: any }

/** Two isolates of the Worker on one sandbox; `shared` binds both to one set of Durable Objects. */
async function startPair(options: { shared: boolean; vars?: Record<string, string>; site?: object }) {
  const { Miniflare } = await importMiniflare()
  const sandbox: Sandbox = suiteSandbox()
  const arrivals: RuntimeTarget['arrivals'] = []
  const base = runtimeVariables('http://sandbox.test')
  const site = { ...JSON.parse(base.SITES!)[0], ...options.site }
  const worker = (
    name: string,
    objects?: Record<string, string | { className: string; scriptName: string }>,
  ) => ({
    name,
    // dispatchFetch picks the worker by host (getWorker's fetch refuses an Origin header).
    routes: [`${name}.proxy.test/*`],
    modules: true,
    scriptPath: join(dir, 'worker.js'),
    modulesRoot: dir,
    compatibilityDate: '2026-04-26',
    bindings: {
      ...base,
      GHL_THROTTLE_LIMIT: '90',
      GHL_THROTTLE_WINDOW_MS: '10000',
      ...options.vars,
      SITES: JSON.stringify([site]),
    },
    ...(objects && { durableObjects: objects }),
    outboundService,
  })
  const outboundService = await outboundTo(answerFromSandbox(sandbox, arrivals))
  const fromA = {
    SITE_STATE: { className: 'SiteState', scriptName: 'a' },
    LOCATION_STATE: { className: 'LocationState', scriptName: 'a' },
  }
  const miniflare = new Miniflare({
    workers: [
      worker('a', options.shared ? OBJECTS : undefined),
      worker('b', options.shared ? fromA : undefined),
    ],
  })
  await miniflare.ready
  const call = async (index: number, path: string, init: RequestInit = {}): Promise<Answer> => {
    const headers = { origin: SUITE_ORIGIN, ...(init.headers as Record<string, string>) }
    const response = asFetchResponse(
      await miniflare.dispatchFetch(`http://${'ab'[index % 2]}.proxy.test${path}`, {
        ...init,
        headers,
      } as never),
    )
    return { status: response.status, headers: response.headers, body: await response.json() }
  }
  return {
    sandbox,
    arrivals,
    call,
    calendar: (index: number, calendarId: string) => call(index, routes.calendar(SUITE_SITE, calendarId)),
    slots: (index: number, calendarId: string, from: string, to: string) =>
      call(
        index,
        `${routes.slots(SUITE_SITE, calendarId)}?${new URLSearchParams({ from, to, timeZone: ZONE })}`,
      ),
    book: (index: number, body: object, key: string, ip = '198.51.100.1') =>
      call(index, routes.bookings(SUITE_SITE), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key, 'cf-connecting-ip': ip },
        body: JSON.stringify(body),
      }),
    close: async () => {
      await miniflare.dispose()
      sandbox.close()
    },
  }
}
type Pair = Awaited<ReturnType<typeof startPair>>

let dir: string
before(async () => {
  dir = await bundleWorker()
})
after(() => rmSync(dir, { recursive: true, force: true }))

/** The first free start within a week, read through both instances so that each caches it. */
async function freeStart(pair: Pair, calendarId: string) {
  const answers = [
    await pair.slots(0, calendarId, day(1), day(7)),
    await pair.slots(1, calendarId, day(1), day(7)),
  ]
  assert.deepEqual(
    answers.map((answer) => answer.status),
    [200, 200],
  )
  const start = answers[0]!.body.slots[0]?.start as string | undefined
  assert.ok(start, 'a free slot within a week')
  return start
}

describe('Durable Objects on workerd: two Worker instances share their state', { timeout: 120_000 }, () => {
  test('a site limit of 20 a minute is refused at the 21st request over the instances, not at the 41st', async (t) => {
    const site = {
      rateLimit: { site: { limit: 20, windowSeconds: 60 }, visitor: { limit: 1_000, windowSeconds: 60 } },
    }
    const refusedAt = async (pair: Pair) => {
      for (let n = 1; n <= 60; n++) {
        const answer = await pair.calendar(n, SANDBOX.calendars.consultation)
        if (answer.status === 429) return { n, answer }
        assert.equal(answer.status, 200)
      }
      return { n: 0, answer: undefined }
    }
    const shared = await startPair({ shared: true, site })
    const alone = await startPair({ shared: false, site })
    try {
      const withObjects = await refusedAt(shared)
      const perIsolate = await refusedAt(alone)
      t.diagnostic(
        `site limit 20 over 2 Worker instances: refused at request ${withObjects.n} with Durable Objects, ` +
          `${perIsolate.n} without`,
      )
      assert.equal(withObjects.n, 21)
      assert.equal(perIsolate.n, 41)
      // The headers count over both instances.
      assert.match(withObjects.answer!.headers.get('RateLimit') ?? '', /^"site";r=0;t=\d+$/)
    } finally {
      await shared.close()
      await alone.close()
    }
  })

  test('ten visitors racing one slot over the instances: one appointment, nine 409 slot_taken', async (t) => {
    const pair = await startPair({ shared: true })
    try {
      const calendarId = SANDBOX.calendars.consultation
      const start = await freeStart(pair, calendarId)
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, n) =>
          pair.book(n, visitor(n, calendarId, start, ZONE), `race-key-${n}`, `198.51.100.${n + 1}`),
        ),
      )
      const statuses = answers.map((answer) => answer.status).sort()
      const made = pair.sandbox
        .appointments()
        .filter((a) => a.startTime && Date.parse(a.startTime) === Date.parse(start))
      t.diagnostic(
        `race for one slot over 2 Worker instances: ${made.length} appointment, answers ${statuses.join(' ')}`,
      )
      assert.deepEqual(statuses, [201, ...Array(9).fill(409)])
      assert.ok(answers.filter((a) => a.status === 409).every((a) => a.body.error.code === 'slot_taken'))
      assert.equal(made.length, 1)
    } finally {
      await pair.close()
    }
  })

  test('a booking retried with its key on the other instance while the first is in flight: one appointment', async (t) => {
    // A class of three seats: without the shared key the retry, finding no appointment of hers yet, takes a second.
    const calendarId = SANDBOX.calendars.groupClass
    const pair = await startPair({ shared: true })
    try {
      const start = await freeStart(pair, calendarId)
      pair.sandbox.setFaults({ latencyMs: 1_500 })
      const body = visitor(1, calendarId, start, ZONE)
      const since = pair.arrivals.length
      const first = pair.book(0, body, 'retried-key')
      // The key is claimed before any GHL write: once the first write reaches GHL, the retry goes to the other one.
      for (let waited = 0; !pair.arrivals.slice(since).some((a) => a.call.startsWith('POST')); waited += 20) {
        assert.ok(waited < 20_000, 'the first booking reaches GHL')
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      const second = await pair.book(1, body, 'retried-key')
      const answer = await first
      pair.sandbox.setFaults({ latencyMs: 0 })
      const made = pair.sandbox.appointments().filter((a) => a.calendarId === calendarId)
      t.diagnostic(
        `retry on the other Worker instance: ${made.length} appointment, answers ${answer.status} and ${second.status}`,
      )
      assert.equal(answer.status, 201)
      assert.equal(second.status, 201)
      assert.deepEqual(second.body, answer.body)
      assert.equal(answer.headers.get('Idempotent-Replayed'), null)
      assert.equal(second.headers.get('Idempotent-Replayed'), 'true')
      assert.equal(made.length, 1)
    } finally {
      await pair.close()
    }
  })

  test('a webhook delivered to instance A: instance B no longer serves the slot', async (t) => {
    const pair = await startPair({ shared: true })
    try {
      const calendarId = SANDBOX.calendars.consultation
      const start = await freeStart(pair, calendarId)
      const servedByB = async () =>
        (await pair.slots(1, calendarId, day(1), day(7))).body.slots.some(
          (slot: { start: string }) => slot.start === start,
        )
      assert.equal(await servedByB(), true)
      pair.sandbox.setWebhook({
        url: 'http://proxy.test/v1/webhooks/ghl',
        fetch: async (_input, init) => {
          const answer = await pair.call(0, '/v1/webhooks/ghl', init)
          return Response.json(answer.body, { status: answer.status })
        },
      })
      // Booked inside GHL: the sandbox sends its signed AppointmentCreate to A only.
      const booked = await pair.sandbox.fetch(
        new Request('http://sandbox.test/_sandbox/appointments', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ calendarId, startTime: start }),
        }),
      )
      assert.equal(booked.status, 201)
      await pair.sandbox.settle()
      assert.deepEqual(
        pair.sandbox.webhookDeliveries().map((delivery) => delivery.status),
        [200],
      )
      // B asks the location's object for the calendar's version at most once a second.
      let reads = 1
      for (; await servedByB(); reads++) {
        assert.ok(reads < 50, 'B still serves the slot')
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      t.diagnostic(`webhook to Worker instance A: B stopped serving the slot at its read ${reads} after`)
    } finally {
      await pair.close()
    }
  })

  test('distinct slot reads over the instances: never more GHL requests in 10 s than the budget', async (t) => {
    const LIMIT = 14
    // Four calendars, two weeks each, read through both instances: each instance asks GHL for every calendar and
    // window it has not cached, so the two together want about twice the budget at once.
    const calendars = [
      SANDBOX.calendars.consultation,
      SANDBOX.calendars.session,
      SANDBOX.calendars.team,
      SANDBOX.calendars.groupClass,
    ]
    const reads = calendars.flatMap((calendarId) =>
      [0, 35].map((from) => [calendarId, day(from + 1), day(from + 7)] as const),
    )
    const vars = {
      GHL_THROTTLE_LIMIT: String(LIMIT),
      GHL_THROTTLE_WINDOW_MS: '10000',
      GHL_THROTTLE_MARGIN_MS: '200',
    }
    const run = async (pair: Pair) => {
      const all = [0, 1].flatMap((index) => reads.map((read) => [index, ...read] as const))
      // A read that waited READ_TIMEOUT_MS is a 504 while its load goes on: read again until all are answered.
      let pending = all
      for (let round = 1; pending.length; round++) {
        assert.ok(round <= 40, `${pending.length} reads still unanswered`)
        const answers = await Promise.all(pending.map(([index, ...read]) => pair.slots(index, ...read)))
        pending = pending.filter((_, k) => answers[k]!.status !== 200)
        if (pending.length) await new Promise((resolve) => setTimeout(resolve, 1_000))
      }
      const times = pair.arrivals.map((arrival) => arrival.at)
      return { requests: times.length, busiest: busiestWindow(times, 10_000) }
    }
    const shared = await startPair({ shared: true, vars })
    const alone = await startPair({ shared: false, vars })
    try {
      const [withObjects, perIsolate] = [await run(shared), await run(alone)]
      const limited = shared.sandbox.requests().filter((request) => request.status === 429).length
      t.diagnostic(
        `${reads.length * 2} slot reads over 2 Worker instances, budget ${LIMIT} per 10 s per location: ` +
          `${withObjects.requests} GHL requests, at most ${withObjects.busiest} in any 10 s with Durable Objects ` +
          `(${limited} answered 429); ${perIsolate.busiest} of ${perIsolate.requests} in 10 s without`,
      )
      assert.ok(withObjects.requests > LIMIT, 'more than one window of requests')
      assert.ok(withObjects.busiest <= LIMIT, `${withObjects.busiest} GHL requests in one 10 s window`)
      assert.ok(perIsolate.busiest > LIMIT, 'per isolate, the two budgets add up')
    } finally {
      await shared.close()
      await alone.close()
    }
  })
})
