/**
 * `npm run bench:abuse`: the production entry (`node --import tsx proxy/src/entries/node.ts`, a child process, in front of
 * a GHL sandbox on a loopback port) under two attacks on its availability, as figures:
 *
 * - SIGTERM while bookings are in flight (GHL answering in `latencyMs`): how many visitors got their booking, how
 *   many appointments GHL holds, and how many of those no visitor was told about. Goal: all completed, none
 *   untold.
 * - one visitor flooding the site (behind one trusted proxy, `TRUST_PROXY=1`, each visitor its own
 *   X-Forwarded-For address) while a second visitor reads now and then: the second visitor's success rate.
 *   Goal: 100 %.
 *
 * `measureAbuseAndShutdown()` returns the figures; run directly, the script prints them.
 */
import { SANDBOX } from '../demo/sandbox/index.ts'
import { routes, type Slot } from '../contract/schemas.ts'
import { TEST_NOW } from '../test/support/dates.ts'
import { visitor } from '../test/support/proxy-on-sandbox.ts'
import {
  PROCESS_ORIGIN,
  serveSandbox,
  startProxyProcess,
  type ProxyProcess,
  type ServedSandbox,
} from '../test/support/proxy-process.ts'

/** Options of {@link measureAbuseAndShutdown}; every field has a default. */
export interface AbuseShutdownOptions {
  /** Bookings in flight at the signal. Default 10. */
  bookings?: number
  /** GHL's latency during the bookings, ms. Default 1 500. */
  latencyMs?: number
  /** Requests the flooding visitor sends, 20 at a time. Default 1 000 (the site allows 600 a minute). */
  floodRequests?: number
  /** Requests the second visitor sends, spread over the flood. Default 20. */
  otherRequests?: number
}

/** The figures. */
export interface AbuseShutdownFigures {
  shutdown: {
    bookings: number
    /** Visitors who got a 201 with their booking. */
    completed: number
    /** Appointments GHL holds afterwards. */
    heldByGhl: number
    /** Appointments GHL holds that no visitor was told about. */
    untold: number
    exitCode: number | null
  }
  flood: {
    floodRequests: number
    floodPassed: number
    otherRequests: number
    otherPassed: number
    /** `otherPassed / otherRequests`. */
    otherSuccessRate: number
  }
}

const CAL = SANDBOX.calendars.consultation
const ZONE = 'America/New_York'
const DAY_MS = 86_400_000
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function freeSlots(proxy: ProxyProcess, count: number): Promise<Slot[]> {
  const date = (ms: number) => new Date(ms).toISOString().slice(0, 10)
  const query = new URLSearchParams({
    from: date(TEST_NOW + DAY_MS),
    to: date(TEST_NOW + 8 * DAY_MS),
    timeZone: ZONE,
  })
  const { slots } = (await (await fetch(`${proxy.url}${routes.slots(proxy.site, CAL)}?${query}`)).json()) as {
    slots: Slot[]
  }
  if (slots.length < count) throw new Error(`only ${slots.length} free slots for ${count} bookings`)
  return slots.slice(0, count)
}

async function measureShutdown(served: ServedSandbox, bookings: number, latencyMs: number) {
  const proxy = await startProxyProcess({ sandboxUrl: served.url, now: TEST_NOW })
  try {
    const slots = await freeSlots(proxy, bookings)
    served.sandbox.setFaults({ latencyMs })
    const answers = slots.map(async (slot, n) => {
      try {
        const response = await fetch(proxy.url + routes.bookings(proxy.site), {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': `bench-${n}-key`,
            origin: PROCESS_ORIGIN,
          },
          body: JSON.stringify(visitor(n, CAL, slot.start, ZONE)),
        })
        const body = (await response.json()) as { id?: string }
        return response.status === 201 ? body.id : undefined
      } catch {
        return undefined // the connection was cut
      }
    })
    // The signal comes once every booking is waiting on GHL, with more GHL calls to go.
    for (let waited = 0; served.arrivals.filter((a) => a === 'POST /contacts/upsert').length < bookings;) {
      if ((waited += 20) > 60_000) throw new Error('the bookings did not all reach GHL within 60 s')
      await sleep(20)
    }
    proxy.child.kill('SIGTERM')
    const told = new Set((await Promise.all(answers)).filter((id) => id !== undefined))
    const { code } = await proxy.exited
    const held = served.sandbox.appointments().map((a) => a.id)
    return {
      bookings,
      completed: told.size,
      heldByGhl: held.length,
      untold: held.filter((id) => !told.has(id)).length,
      exitCode: code,
    }
  } finally {
    await proxy.stop()
    served.sandbox.reset()
  }
}

async function measureFlood(served: ServedSandbox, floodRequests: number, otherRequests: number) {
  const proxy = await startProxyProcess({ sandboxUrl: served.url, now: TEST_NOW, env: { TRUST_PROXY: '1' } })
  const url = proxy.url + routes.calendar(proxy.site, CAL)
  const read = async (address: string) => {
    const response = await fetch(url, { headers: { 'X-Forwarded-For': address } })
    await response.arrayBuffer()
    return response.status === 200
  }
  try {
    let sent = 0
    let floodPassed = 0
    let floodDone = 0
    const flooder = async () => {
      while (sent < floodRequests) {
        sent++
        if (await read('203.0.113.66')) floodPassed++
        floodDone++
      }
    }
    const flood = Promise.all(Array.from({ length: 20 }, flooder))
    // The second visitor reads each time another share of the flood is done.
    let otherPassed = 0
    for (let i = 0; i < otherRequests; i++) {
      while (floodDone < ((i + 1) * floodRequests) / (otherRequests + 1) && floodDone < floodRequests)
        await sleep(2)
      if (await read('198.51.100.23')) otherPassed++
    }
    await flood
    return {
      floodRequests,
      floodPassed,
      otherRequests,
      otherPassed,
      otherSuccessRate: otherPassed / otherRequests,
    }
  } finally {
    await proxy.stop()
  }
}

/** Runs both measurements, one after the other, each against a fresh proxy process. */
export async function measureAbuseAndShutdown(
  options: AbuseShutdownOptions = {},
): Promise<AbuseShutdownFigures> {
  const served = await serveSandbox(TEST_NOW)
  try {
    const shutdown = await measureShutdown(served, options.bookings ?? 10, options.latencyMs ?? 1_500)
    const flood = await measureFlood(served, options.floodRequests ?? 1_000, options.otherRequests ?? 20)
    return { shutdown, flood }
  } finally {
    await served.close()
  }
}

/** Prints both figures, each beside its goal. */
export function printAbuseShutdown({ shutdown, flood }: AbuseShutdownFigures): void {
  console.log(
    `SIGTERM with ${shutdown.bookings} bookings in flight: ${shutdown.completed} completed (goal: all); ` +
      `GHL holds ${shutdown.heldByGhl}, ${shutdown.untold} that no visitor was told about (goal: 0); exit code ${shutdown.exitCode}`,
  )
  console.log(
    `One visitor floods ${flood.floodRequests} reads (${flood.floodPassed} within its limit): the second visitor's ` +
      `reads succeeded ${flood.otherPassed}/${flood.otherRequests}, ${(flood.otherSuccessRate * 100).toFixed(0)} % (goal: 100 %)`,
  )
}
