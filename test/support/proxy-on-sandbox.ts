/**
 * The whole proxy (`buildProxy`, as `npm start` builds it) in front of a GHL sandbox, on one pinned clock, with no
 * waits between retries: for tests that check what the proxy sends to GHL and makes of GHL's answers.
 */
import {
  createClock,
  createSandbox,
  SANDBOX,
  type Sandbox,
  type SandboxOptions,
} from '../../demo/sandbox/index.ts'
import { routes, type BookingRequestInput } from '../../contract/schemas.ts'
import { buildProxy, type ProxyOptions } from '../../proxy/src/proxy.ts'
import { Site, type SiteInput } from '../../proxy/src/config/sites.ts'
import * as v from 'valibot'

/** The origin the test site allows. */
export const ORIGIN = 'https://site.test'

/** Options of {@link proxyOnSandbox}. */
export interface ProxyOnSandboxOptions {
  /**
   * The pinned instant, epoch ms, for the sandbox and the proxy: their clock stands still there until the test
   * moves it (`clock.advance`). Required: no test depends on when it runs.
   */
  now: number
  sandbox?: Omit<SandboxOptions, 'now' | 'clock'>
  /** Site fields over the defaults (every sandbox calendar, tags `booking-widget`). */
  site?: Partial<SiteInput>
  /** Proxy options over the defaults. */
  proxy?: Partial<ProxyOptions>
  /** Wraps the sandbox's fetch, to answer some requests otherwise. Default none. */
  intercept?: (request: Request, sandbox: Sandbox) => Promise<Response | undefined> | undefined
}

/** Builds the pair; the returned helpers call the proxy's routes as the widget does. */
export function proxyOnSandbox(options: ProxyOnSandboxOptions) {
  const clock = createClock({ start: options.now, frozen: true })
  const sandbox = createSandbox({
    clock,
    burst: { max: 1_000_000, intervalMs: 10_000 },
    ...options.sandbox,
  })
  const lines: Record<string, unknown>[] = []
  const site = v.parse(Site, {
    id: 'site',
    locationId: SANDBOX.locationId,
    calendars: Object.values(SANDBOX.calendars),
    origins: [ORIGIN],
    ...options.site,
  })
  const proxy = buildProxy({
    sleep: async () => {},
    log: (entry) => lines.push(entry),
    ...options.proxy,
    sites: [site],
    tokenFor: () => SANDBOX.token,
    ghlApiBase: 'http://sandbox.test',
    fetch: async (input, init) => {
      const request = new Request(input, init)
      return (await options.intercept?.(request, sandbox)) ?? sandbox.fetch(request)
    },
    clock: clock.now,
  })
  const json = async (response: Response) => ({ status: response.status, body: await response.json() })
  return {
    sandbox,
    proxy,
    /** The clock of both, standing still until moved. */
    clock,
    site,
    /** Every log line the proxy wrote. */
    lines,
    calendar: async (calendarId: string) =>
      json(await proxy.app.request(routes.calendar(site.id, calendarId))),
    slots: async (calendarId: string, from: string, to: string, timeZone: string) =>
      json(
        await proxy.app.request(
          `${routes.slots(site.id, calendarId)}?${new URLSearchParams({ from, to, timeZone })}`,
        ),
      ),
    book: async (body: BookingRequestInput, key: string) =>
      json(
        await proxy.app.request(routes.bookings(site.id), {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': key, origin: ORIGIN },
          body: JSON.stringify(body),
        }),
      ),
  }
}

/** A booking request for a visitor numbered `n`. */
export function visitor(
  n: number,
  calendarId: string,
  start: string,
  timeZone: string,
  extra: Partial<BookingRequestInput> = {},
): BookingRequestInput {
  return {
    calendarId,
    start,
    timeZone,
    contact: { firstName: 'Visitor', lastName: `No${n}`, email: `visitor${n}@example.com` },
    ...extra,
  }
}
