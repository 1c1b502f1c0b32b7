/**
 * SIGTERM to the production entry (`node --import tsx proxy/src/entries/node.ts`, a child process) while bookings are in
 * flight against a GHL sandbox that answers slowly: every visitor gets a complete answer that matches what GHL
 * holds, the port refuses new connections at once, and the process exits within the grace period.
 */
import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { after, afterEach, before, describe, it } from 'node:test'
import { SANDBOX } from '../demo/sandbox/index.ts'
import { routes, type Slot } from '../contract/schemas.ts'
import { TEST_NOW } from './support/dates.ts'
import {
  PROCESS_ORIGIN,
  serveSandbox,
  startProxyProcess,
  type ProxyProcess,
  type ServedSandbox,
} from './support/proxy-process.ts'
import { visitor } from './support/proxy-on-sandbox.ts'

const CAL = SANDBOX.calendars.consultation
const ZONE = 'America/New_York'
const DAY_MS = 86_400_000
const BOOKINGS = 6

/** Resolves when `ready()` holds, checking every 20 ms; rejects after `timeoutMs`. */
async function until(ready: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  for (let waited = 0; !ready(); waited += 20) {
    if (waited > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** Whether a new TCP connection to `port` is refused. */
const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => (socket.destroy(), resolve(false)))
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'))
  })

/** The first `count` free slots of the week after the pinned day, from the proxy. */
async function freeSlots(proxy: ProxyProcess, count: number): Promise<Slot[]> {
  const date = (ms: number) => new Date(ms).toISOString().slice(0, 10)
  const query = new URLSearchParams({
    from: date(TEST_NOW + DAY_MS),
    to: date(TEST_NOW + 8 * DAY_MS),
    timeZone: ZONE,
  })
  const response = await fetch(`${proxy.url}${routes.slots(proxy.site, CAL)}?${query}`)
  const { slots } = (await response.json()) as { slots: Slot[] }
  assert.ok(slots.length >= count, `only ${slots.length} free slots`)
  return slots.slice(0, count)
}

type Answer = { status: number; body: { id?: string; error?: { code: string } }; failure?: string }

/** Visitor `n` books `slot`; resolves with the status and the parsed body, or status 0 and the failure. */
async function book(proxy: ProxyProcess, n: number, slot: Slot): Promise<Answer> {
  try {
    const response = await fetch(proxy.url + routes.bookings(proxy.site), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': `shutdown-${n}-key`,
        origin: PROCESS_ORIGIN,
      },
      body: JSON.stringify(visitor(n, CAL, slot.start, ZONE)),
    })
    return {
      status: response.status,
      body: (await response.json()) as { id?: string; error?: { code: string } },
    }
  } catch (error) {
    return { status: 0, body: {}, failure: String((error as Error).cause ?? error) }
  }
}

describe('SIGTERM to the proxy process', { timeout: 240_000 }, () => {
  let served: ServedSandbox
  let proxy: ProxyProcess | undefined

  before(async () => {
    served = await serveSandbox(TEST_NOW)
  })
  afterEach(async () => {
    await proxy?.stop()
    proxy = undefined
    served.sandbox.reset()
    served.arrivals.length = 0
  })
  after(() => served.close())

  it('bookings in flight are all answered and match GHL; new connections are refused; exit code 0', async () => {
    proxy = await startProxyProcess({ sandboxUrl: served.url, now: TEST_NOW })
    const slots = await freeSlots(proxy, BOOKINGS)
    // Every GHL answer takes a while: the signal comes while each booking waits on GHL, with more calls to go.
    served.sandbox.setFaults({ latencyMs: 1_500 })
    const upserts = () => served.arrivals.filter((a) => a === 'POST /contacts/upsert').length
    const answers = slots.map((slot, n) => book(proxy!, n, slot))
    await until(() => upserts() >= BOOKINGS, 'every booking reached GHL')
    proxy.child.kill('SIGTERM')

    await Promise.race([proxy.waitForLine((line) => line.msg === 'stopping').catch(() => {}), proxy.exited])
    assert.equal(await refused(proxy.port), true, 'a new connection was accepted after SIGTERM')
    // Refused while the process still finishes the bookings, not because it is gone.
    const runningWhenRefused = proxy.child.exitCode === null

    const results = await Promise.all(answers)
    assert.deepEqual(
      results.map((r) => r.status),
      slots.map(() => 201),
      JSON.stringify(results),
    )
    // GHL holds exactly the appointments the visitors were told about.
    const held = served.sandbox.appointments().map((a) => a.id)
    assert.deepEqual(held.sort(), results.map((r) => r.body.id!).sort())
    assert.equal(runningWhenRefused, true)
    assert.deepEqual(await proxy.exited, { code: 0, signal: null })
    assert.equal(proxy.lines.find((line) => line.msg === 'stopped')?.cutOff, 0)
  })

  it('an idle keep-alive connection does not hold the process: it exits at once', async () => {
    proxy = await startProxyProcess({
      sandboxUrl: served.url,
      now: TEST_NOW,
      env: { SHUTDOWN_GRACE_MS: '120000' },
    })
    const socket = connect(proxy.port, '127.0.0.1')
    let answered = ''
    socket.setEncoding('utf8').on('data', (chunk) => (answered += chunk))
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
    socket.write('GET /healthz HTTP/1.1\r\nHost: proxy\r\nConnection: keep-alive\r\n\r\n')
    await until(() => answered.includes('{"ok":true}'), 'the health check answered')

    proxy.child.kill('SIGTERM')
    // Far less than the grace period: nothing was in flight, and the idle connection was closed at once.
    const exit = await Promise.race([
      proxy.exited,
      new Promise((resolve) => setTimeout(() => resolve('still running after 30 s'), 30_000).unref()),
    ])
    assert.deepEqual(exit, { code: 0, signal: null })
    await closed
  })

  it('past the grace period, what is still in flight is cut off and the process exits with code 1', async () => {
    proxy = await startProxyProcess({
      sandboxUrl: served.url,
      now: TEST_NOW,
      env: { SHUTDOWN_GRACE_MS: '1000' },
    })
    const [slot] = await freeSlots(proxy, 1)
    // GHL takes longer than the grace period to answer the upsert.
    served.sandbox.setFaults({ latencyMs: 60_000 })
    const answer = book(proxy, 1, slot!)
    await until(() => served.arrivals.includes('POST /contacts/upsert'), 'the booking reached GHL')
    proxy.child.kill('SIGTERM')
    const exit = await Promise.race([
      proxy.exited,
      new Promise((resolve) => setTimeout(() => resolve('still running after 30 s'), 30_000).unref()),
    ])
    assert.deepEqual(exit, { code: 1, signal: null })
    assert.equal(proxy.lines.find((line) => line.msg === 'stopped')?.cutOff, 1)
    // The visitor's connection was cut: no answer at all, never a half-read one taken for a booking.
    assert.equal((await answer).status, 0)
    assert.deepEqual(served.sandbox.appointments(), [])
  })
})
