/**
 * What the behaviour suite (behaviour.ts) runs against: a proxy on one runtime, configured by the same variables
 * on every runtime ({@link runtimeVariables}), in front of a GHL sandbox in this process that stands still at
 * TEST_NOW. Each runtime's adapter (node.test.ts, workerd.test.ts, deno.test.ts, bun.test.ts) builds one.
 */
import { createSandbox, SANDBOX, SANDBOX_WEBHOOK_PUBLIC_KEY, type Sandbox } from '../../demo/sandbox/index.ts'
import { TEST_NOW, TEST_NOW_ISO } from '../support/dates.ts'

/** The origin the suite's site allows. */
export const SUITE_ORIGIN = 'https://site.test'
/** The suite's site id. */
export const SUITE_SITE = 'site'
/** GHL requests per throttle window and the window, ms: low, so the suite can queue requests. */
export const THROTTLE = { limit: 2, windowMs: 500 }
/** How long a read with nothing cached waits for GHL before its 504, ms. */
export const READ_TIMEOUT_MS = 2_500

/** A proxy on one runtime. */
export interface RuntimeTarget {
  /** Calls the proxy at `path` (`/v1/...`), as a browser or GHL would. */
  fetch(path: string, init?: RequestInit): Promise<Response>
  /** The sandbox answering the proxy's GHL calls. */
  sandbox: Sandbox
  /** `METHOD path` and the monotonic time (ms, `performance.now()`) of each GHL API call as it arrived. */
  arrivals: { call: string; at: number }[]
  close(): Promise<void>
}

/** The sandbox every target uses: standing still at TEST_NOW, with no GHL burst limit in the way. */
export function suiteSandbox(): Sandbox {
  return createSandbox({ now: () => TEST_NOW, burst: { max: 1_000_000, intervalMs: 10_000 } })
}

/** Answers a GHL call from the sandbox, noting its arrival. */
export function answerFromSandbox(sandbox: Sandbox, arrivals: RuntimeTarget['arrivals']) {
  return (request: Request) => {
    const { pathname } = new URL(request.url)
    if (!pathname.startsWith('/_sandbox')) {
      arrivals.push({ call: `${request.method} ${pathname}`, at: performance.now() })
    }
    return sandbox.fetch(request)
  }
}

/** The variables of the proxy under test, the same on every runtime; `ghlApiBase` is where the sandbox answers. */
export function runtimeVariables(ghlApiBase: string): Record<string, string> {
  const site = {
    id: SUITE_SITE,
    locationId: SANDBOX.locationId,
    calendars: Object.values(SANDBOX.calendars),
    origins: [SUITE_ORIGIN],
    // The suite is one visitor making many requests and bookings.
    rateLimit: { site: { limit: 10_000, windowSeconds: 60 }, visitor: { limit: 10_000, windowSeconds: 60 } },
    bookingQuota: {
      visitor: { limit: 1_000, windowSeconds: 3_600 },
      email: { limit: 1_000, windowSeconds: 3_600 },
    },
  }
  return {
    SITES: JSON.stringify([site]),
    GHL_TOKEN: SANDBOX.token,
    GHL_API_BASE: ghlApiBase,
    GHL_WEBHOOK_PUBLIC_KEY: SANDBOX_WEBHOOK_PUBLIC_KEY,
    GHL_THROTTLE_LIMIT: String(THROTTLE.limit),
    GHL_THROTTLE_WINDOW_MS: String(THROTTLE.windowMs),
    READ_TIMEOUT_MS: String(READ_TIMEOUT_MS),
    CLOCK_START: TEST_NOW_ISO,
  }
}
