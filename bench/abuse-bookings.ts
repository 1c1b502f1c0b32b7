/**
 * `npm run bench:abuse -- bookings`: what bookings of starts that are not free slots cost GHL. The GHL sandbox and the
 * proxy (its default site limits, a visitor address per request as behind one trusted reverse proxy) each listen
 * on loopback; 300 bookings of made-up starts (off the grid, outside opening hours, taken, past, beyond the booking
 * window) over ten days go to the proxy, ten at a time. Counted from the sandbox's request log and state: GHL calls
 * they caused, contacts and appointments they created. Twice: with the slot cache warm (a visitor's widget read this
 * month and the next) and cold (a fresh proxy). Bounded: each booking gets 10 s, the whole run `timeLimitMs`.
 */
import { serve, type ServerType } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import * as v from 'valibot'
import { createClock, createSandbox, SANDBOX } from '../demo/sandbox/index.ts'
import { routes, type BookingRequestInput } from '../contract/schemas.ts'
import { Site } from '../proxy/src/config/sites.ts'
import { startProxy } from '../proxy/src/entries/start.ts'

/** A Wednesday, 11:00 in New York: the consultation calendar is open 9-17 on weekdays, 60 days ahead. */
const NOW = Date.parse('2027-04-14T15:00:00Z')
const CAL = SANDBOX.calendars.consultation
const ORIGIN = 'https://site.test'
/** The ten weekdays the made-up starts fall on (EDT, UTC-4). */
const DAYS = ['15', '16', '19', '20', '21', '22', '23', '26', '27', '28'].map((d) => `2027-04-${d}`)

/** Options of {@link measureAbuseBookings}. */
export interface AbuseOptions {
  /** Bookings of starts that are not free. Default 300. */
  bookings?: number
  /** Bookings in flight at once. Default 10. */
  concurrency?: number
  /** Read the slots of this month and the next first, as a visitor's widget does. Default true. */
  warm?: boolean
  /** The whole run stops after this long, in ms (the bookings not sent by then are not counted). Default 60 000. */
  timeLimitMs?: number
}

/** What one run measured. */
export interface AbuseResult {
  /** Bookings sent and answered. */
  bookings: number
  /** Answers by status. */
  statuses: Record<string, number>
  /** Distinct location days among the made-up starts that lie within the booking window. */
  days: number
  /** GHL requests the bookings caused, in all and by `METHOD path`. */
  ghlCalls: number
  byRoute: Record<string, number>
  /** Contacts and appointments the bookings created in GHL. */
  contactsCreated: number
  appointmentsCreated: number
  elapsedMs: number
}

/** The n-th made-up start: off the grid, at night, late evening, a taken time, off by seconds, past or too far. */
function madeUpStart(n: number): string {
  if (n % 30 === 28) return '2027-04-13T10:00:00-04:00'
  if (n % 30 === 29) return '2027-09-01T10:00:00-04:00'
  const day = DAYS[n % DAYS.length]
  const pad = (x: number) => String(x).padStart(2, '0')
  switch (Math.floor(n / DAYS.length) % 5) {
    case 0:
      return `${day}T10:${pad(7 + (n % 20))}:00-04:00`
    case 1:
      return `${day}T${pad(n % 9)}:00:00-04:00`
    case 2:
      return `${day}T2${n % 4}:30:00-04:00`
    case 3:
      return `${day}T09:00:00-04:00` // booked before the run
    default:
      return `${day}T11:00:13-04:00`
  }
}

const listen = (fetch: (request: Request) => Promise<Response>) =>
  new Promise<ServerType>((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(server))
  })

const close = (server: ServerType) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve())
    if ('closeAllConnections' in server) server.closeAllConnections()
  })

/** One run: a fresh sandbox and proxy on loopback. */
async function run(options: AbuseOptions): Promise<AbuseResult> {
  const { bookings = 300, concurrency = 10, warm = true, timeLimitMs = 60_000 } = options
  // Both read one clock, standing still at the pinned instant: the counts cannot depend on how long the run takes.
  const clock = createClock({ start: NOW, frozen: true })
  const sandbox = createSandbox({ clock })
  const sandboxServer = await listen(sandbox.fetch)
  const site = v.parse(Site, {
    id: 'site',
    locationId: SANDBOX.locationId,
    calendars: [CAL],
    origins: [ORIGIN],
  })
  const proxy = await startProxy({
    sites: [site],
    tokenFor: () => SANDBOX.token,
    ghlApiBase: `http://127.0.0.1:${(sandboxServer.address() as AddressInfo).port}`,
    clock: clock.now,
    trustedProxies: 1,
  })
  const deadline = performance.now() + timeLimitMs
  const send = (path: string, address: string, init: RequestInit = {}) =>
    fetch(proxy.url + path, {
      ...init,
      headers: { origin: ORIGIN, 'x-forwarded-for': address, ...init.headers },
      signal: AbortSignal.timeout(Math.ceil(Math.max(1, Math.min(10_000, deadline - performance.now())))),
    })
  const book = (body: BookingRequestInput, key: string, address: string) =>
    send(routes.bookings(site.id), address, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    })
  const booking = (n: number, start: string): BookingRequestInput => ({
    calendarId: CAL,
    start,
    timeZone: 'America/New_York',
    contact: { firstName: 'Visitor', lastName: `No${n}`, email: `visitor${n}@example.com` },
  })

  try {
    // Real visitors first: 9:00 on each of the ten days, so those times are taken.
    for (const [i, day] of DAYS.entries()) {
      const res = await book(booking(i, `${day}T09:00:00-04:00`), `real-booking-${i}`, `192.0.2.${i + 1}`)
      if (res.status !== 201) throw new Error(`a real booking answered ${res.status}: ${await res.text()}`)
    }
    if (warm) {
      // As the widget reads: a month at a time.
      for (const [from, to] of [
        ['2027-04-14', '2027-04-30'],
        ['2027-05-01', '2027-05-31'],
      ]) {
        const query = new URLSearchParams({ from: from!, to: to!, timeZone: 'America/New_York' })
        const res = await send(`${routes.slots(site.id, CAL)}?${query}`, '192.0.2.100')
        if (res.status !== 200) throw new Error(`the slots read answered ${res.status}`)
      }
    }
    const before = sandbox.requests().length
    const contacts = sandbox.state().contacts.size
    const appointments = sandbox.appointments().length

    const statuses: Record<string, number> = {}
    const started = performance.now()
    let next = 0
    let answered = 0
    const worker = async () => {
      while (next < bookings && performance.now() < deadline) {
        const n = next++
        // Each from its own address (10.x.y.z), as an attack spread over many.
        const address = `10.${n >> 16}.${(n >> 8) & 255}.${n & 255}`
        const status = await book(booking(1000 + n, madeUpStart(n)), `made-up-${n}`, address).then(
          async (res) => (await res.arrayBuffer(), String(res.status)),
          (error: Error) => error.name,
        )
        statuses[status] = (statuses[status] ?? 0) + 1
        answered++
      }
    }
    await Promise.all(Array.from({ length: concurrency }, worker))
    const elapsedMs = performance.now() - started

    const calls = sandbox.requests().slice(before)
    const byRoute: Record<string, number> = {}
    for (const call of calls) {
      const route = `${call.method} ${call.path.replace(/\/(ctc|apt)-[\w-]+/g, '/{id}')}`
      byRoute[route] = (byRoute[route] ?? 0) + 1
    }
    const inWindow = new Set(
      Array.from({ length: answered }, (_, n) => madeUpStart(n).slice(0, 10)).filter(
        (day) => day >= '2027-04-14' && day <= '2027-06-13',
      ),
    )
    return {
      bookings: answered,
      statuses,
      days: inWindow.size,
      ghlCalls: calls.length,
      byRoute,
      contactsCreated: sandbox.state().contacts.size - contacts,
      appointmentsCreated: sandbox.appointments().length - appointments,
      elapsedMs,
    }
  } finally {
    await proxy.close()
    sandbox.close()
    await close(sandboxServer)
  }
}

/** Measures the warm and the cold run. */
export async function measureAbuseBookings(options: AbuseOptions = {}) {
  const warm = await run({ ...options, warm: true })
  const cold = await run({ ...options, warm: false })
  return { warm, cold }
}

/** One line per run. */
export function describeAbuse(name: string, r: AbuseResult): string {
  const statuses = Object.entries(r.statuses)
    .map(([status, count]) => `${count} × ${status}`)
    .join(', ')
  const routes = Object.entries(r.byRoute)
    .map(([route, count]) => `${count} ${route}`)
    .join(', ')
  return (
    `${name}: ${r.bookings} bookings of non-free starts over ${r.days} days in ${Math.round(r.elapsedMs)} ms ` +
    `(${statuses}): ${r.ghlCalls} GHL calls${routes ? ` (${routes})` : ''}, ` +
    `${r.contactsCreated} contacts and ${r.appointmentsCreated} appointments created`
  )
}

/** Prints both runs, with the goals: no contact and no appointment, at most one GHL read per day checked. */
export function printAbuseBookings({ warm, cold }: { warm: AbuseResult; cold: AbuseResult }): void {
  console.log(describeAbuse('Non-free starts, warm cache', warm))
  console.log(describeAbuse('Non-free starts, cold cache', cold))
  for (const [name, r] of [
    ['warm', warm],
    ['cold', cold],
  ] as const) {
    const ok = r.contactsCreated === 0 && r.appointmentsCreated === 0
    console.log(
      `  ${name}: contacts and appointments created ${r.contactsCreated + r.appointmentsCreated}   goal: 0   ${ok ? 'ok' : 'MISSED'}`,
    )
  }
}
