// Reschedules through booking links while GHL fails: 5xx answers and timeouts, some of them after the move took
// effect. Every appointment ends where its visitor asked or where it was, never twice and never on a slot another
// holds; a visitor told "moved" finds it moved; one told to retry gets the move once GHL is healthy again.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { manageRoutes } from '../contract/manage.ts'
import type { Slot } from '../contract/schemas.ts'
import { SANDBOX } from '../demo/sandbox/index.ts'
import { TEST_NOW, TEST_ZONES } from './support/dates.ts'
import { ORIGIN, proxyOnSandbox, visitor } from './support/proxy-on-sandbox.ts'

const ZONE = TEST_ZONES[0]!
const CAL: string = SANDBOX.calendars.consultation
const DAY = 86_400_000
const COUNT = 60

/** A seeded generator (mulberry32): the same faults strike on every run. */
function seeded(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

async function faultRun(name: string, faults: { errorRate: number; timeoutRate: number }, maxTries: number) {
  const env = proxyOnSandbox({
    now: TEST_NOW,
    // A timeout fault hangs 5 ms, then answers 504: the proxy cannot tell whether the move landed.
    sandbox: { hangMs: 5, random: seeded(15) },
    site: {
      rateLimit: {
        site: { limit: 100_000, windowSeconds: 60 },
        visitor: { limit: 100_000, windowSeconds: 60 },
      },
    },
    // The clock stands still: the throttle's window would never pass. Correctness under faults, not GHL's limit.
    proxy: { manage: { secret: 'manage-secret-for-the-fault-run-0123456789' }, throttleLimit: 1_000_000 },
  })
  const { sandbox, lines } = env
  const from = new Date(TEST_NOW + DAY).toISOString().slice(0, 10)
  const to = new Date(TEST_NOW + 40 * DAY).toISOString().slice(0, 10)
  const free: Slot[] = (await env.slots(CAL, from, to, ZONE)).body.slots
  assert.ok(free.length >= 2 * COUNT, `${free.length} free slots`)
  const origins = free.slice(0, COUNT)
  const targets = free.slice(COUNT, 2 * COUNT)
  const bookings: { id: string; manageToken: string }[] = []
  for (const [i, slot] of origins.entries()) {
    const answer = await env.book(visitor(i, CAL, slot.start, ZONE), `fault-booking-${i}`)
    assert.equal(answer.status, 201, JSON.stringify(answer.body))
    bookings.push(answer.body)
  }

  const move = async (i: number) => {
    const response = await env.proxy.app.request(
      manageRoutes.reschedule(env.site.id, bookings[i].manageToken),
      {
        method: 'POST',
        headers: { origin: ORIGIN, 'content-type': 'application/json', 'idempotency-key': `fault-move-${i}` },
        body: JSON.stringify({ start: targets[i]!.start, timeZone: ZONE }),
      },
    )
    return { status: response.status, body: await response.json() }
  }
  sandbox.setFaults(faults)
  const outcomes: { i: number; status: number; tries: number }[] = []
  const run = async (i: number) => {
    let answer: Awaited<ReturnType<typeof move>> | undefined
    let tries = 0
    // The widget's behaviour: retry with the same key while the answer says it is worth it.
    while (tries < maxTries) {
      tries++
      answer = await move(i)
      if (answer.status !== 503 && answer.status !== 504) break
    }
    outcomes.push({ i, status: answer!.status, tries })
  }
  for (let i = 0; i < COUNT; i += 10) await Promise.all(origins.slice(i, i + 10).map((_, j) => run(i + j)))
  sandbox.setFaults({ errorRate: 0, timeoutRate: 0 })
  const injected = sandbox.requests().filter((r) => r.fault).length

  const startOf = (i: number) =>
    Date.parse(sandbox.appointments().find((a) => a.id === bookings[i].id)!.startTime)
  const moved = outcomes.filter((o) => o.status === 200)
  const errors = outcomes.filter((o) => o.status !== 200)
  const silent = errors.filter((o) => startOf(o.i) === Date.parse(targets[o.i]!.start))
  const open = sandbox.appointments().filter((a) => a.appointmentStatus !== 'cancelled')
  const slotsHeld = new Set(open.map((a) => `${a.calendarId} ${Date.parse(a.startTime)}`))
  console.log(
    `${name}: ${moved.length} moved, ${errors.length} answered with an error ` +
      `(statuses ${[...new Set(errors.map((o) => o.status))].join(',') || 'none'}), ` +
      `${open.length - slotsHeld.size} slots held twice, ${silent.length} moved but told an error, ` +
      `${injected} faults injected, ${outcomes.reduce((n, o) => n + o.tries, 0)} client requests, ` +
      `${lines.filter((l) => l.msg === 'manage.recovered').length} recovered by reading the appointment back`,
  )
  assert.equal(outcomes.length, COUNT)
  assert.equal(open.length, COUNT, 'no appointment made or lost')
  assert.equal(slotsHeld.size, COUNT, 'no slot held twice')
  for (const o of moved) assert.equal(startOf(o.i), Date.parse(targets[o.i]!.start), `move ${o.i} landed`)
  for (const o of errors) {
    assert.ok([502, 503, 504].includes(o.status), `error ${o.status} says what to do`)
    assert.ok([origins[o.i]!.start, targets[o.i]!.start].map(Date.parse).includes(startOf(o.i)))
  }

  // Once GHL is healthy, the visitors told to retry do so with the same key: each gets the move.
  const retried = await Promise.all(errors.map((o) => move(o.i)))
  assert.deepEqual(
    retried.map((r) => r.status),
    errors.map(() => 200),
  )
  for (let i = 0; i < COUNT; i++) assert.equal(startOf(i), Date.parse(targets[i]!.start))
  sandbox.close()
  return {
    moved: moved.length,
    errors: errors.length,
    recovered: lines.some((l) => l.msg === 'manage.recovered'),
  }
}

test('reschedule fault run: 30 % 5xx plus 10 % timeouts, client retries → every move lands once', async () => {
  const { moved, recovered } = await faultRun('reschedule fault run', { errorRate: 0.3, timeoutRate: 0.1 }, 4)
  assert.ok(moved >= COUNT - 5, 'retries with the same key get nearly every move through')
  assert.ok(recovered, 'a move that landed behind a failure was found by reading it back')
})

test('harsh reschedule fault run: 50 % 5xx plus 20 % timeouts, no client retries → errors, nothing lost or doubled', async () => {
  const { errors } = await faultRun('harsh reschedule fault run', { errorRate: 0.5, timeoutRate: 0.2 }, 1)
  assert.ok(errors > 0, 'the error path is exercised')
})
