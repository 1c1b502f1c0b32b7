/**
 * Several real proxies (`startProxy`, each listening on its own port with its own Redis connections) in front of
 * one GHL sandbox served on a port, on one clock: the deployment of several instances behind a load balancer, in
 * one test process. With `redis` they share it; without, each keeps its state in memory (what the tests compare).
 */
import { serve } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import * as v from 'valibot'
import { routes, type BookingRequestInput } from '../../contract/schemas.ts'
import {
  createClock,
  createSandbox,
  SANDBOX,
  SANDBOX_WEBHOOK_PUBLIC_KEY,
  type Sandbox,
  type SandboxOptions,
  type SettableClock,
} from '../../demo/sandbox/index.ts'
import { Site, type SiteInput } from '../../proxy/src/config/sites.ts'
import { startProxy, type RunningProxy, type StartProxyOptions } from '../../proxy/src/entries/start.ts'
import type { LogEntry } from '../../proxy/src/logger.ts'
import type { TestRedis } from './redis-server.ts'

/** The origin the test site allows. */
export const ORIGIN = 'https://site.test'

/** Options of {@link startInstances}. */
export interface InstancesOptions {
  /** How many proxies. */
  count: number
  /** The instant the clock starts at, epoch ms. Required: no test depends on when it runs. */
  now: number
  /** The clock stands still (default) or runs at the real pace from `now` (for GHL's rate windows). */
  running?: boolean
  /** Shared by every proxy; without it each proxy keeps its state in memory. */
  redis?: TestRedis
  /** Site fields over the defaults (every sandbox calendar, limits and quotas out of the way). */
  site?: Partial<SiteInput>
  /** Proxy options over the defaults. */
  proxy?: Partial<StartProxyOptions>
  /** One instance's proxy options over `proxy` (its own token store on `clock`, say). Default none. */
  instance?: (index: number, clock: SettableClock) => Partial<StartProxyOptions>
  /** Sandbox options over the defaults (GHL's own burst limit of 100 per 10 s). */
  sandbox?: Omit<SandboxOptions, 'now' | 'clock'>
  /**
   * Marketplace mode on the sandbox's OAuth app, and the site without a Private Integration Token: its location's
   * tokens come from an install. `redirectUri` is the one public callback URL (the load balancer's), whichever
   * instance takes it. Default off: every location uses the sandbox's PIT.
   */
  marketplace?: { redirectUri: string }
}

/** An answer of a proxy. */
export interface Answer {
  status: number
  headers: Headers
  body: any
}

/** Starts the sandbox and the proxies. Requests name the proxy by index; `visitor` becomes X-Forwarded-For. */
export async function startInstances(options: InstancesOptions) {
  const clock: SettableClock = createClock({ start: options.now, frozen: !options.running })
  const sandbox: Sandbox = createSandbox({ clock, ...options.sandbox })
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: sandbox.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started))
  })
  const sandboxUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const site = v.parse(Site, {
    id: 'site',
    locationId: SANDBOX.locationId,
    calendars: Object.values(SANDBOX.calendars),
    origins: [ORIGIN],
    rateLimit: {
      site: { limit: 100_000, windowSeconds: 60 },
      visitor: { limit: 100_000, windowSeconds: 60 },
    },
    bookingQuota: {
      visitor: { limit: 1_000, windowSeconds: 3_600 },
      email: { limit: 1_000, windowSeconds: 3_600 },
    },
    ...options.site,
  })
  const lines: LogEntry[][] = []
  const proxies: RunningProxy[] = []
  const marketplace = options.marketplace && {
    clientId: SANDBOX.oauth.clientId,
    clientSecret: SANDBOX.oauth.clientSecret,
    appId: SANDBOX.oauth.appId,
    redirectUri: options.marketplace.redirectUri,
    marketplaceUrl: sandboxUrl,
    scopes: 'calendars.readonly calendars/events.write oauth.write',
    encryptionKey: new Uint8Array(32).fill(11),
  }
  for (let i = 0; i < options.count; i++) {
    const own: LogEntry[] = []
    lines.push(own)
    proxies.push(
      await startProxy({
        sites: [site],
        tokenFor: () => (marketplace ? undefined : SANDBOX.token),
        ...(marketplace && { marketplace }),
        ghlApiBase: sandboxUrl,
        clock: clock.now,
        log: (entry) => own.push(entry),
        webhookPublicKey: SANDBOX_WEBHOOK_PUBLIC_KEY,
        // Visitors are told apart by X-Forwarded-For, as behind a load balancer.
        trustedProxies: 1,
        ...(options.redis && { redis: { url: options.redis.url } }),
        ...options.proxy,
        ...options.instance?.(i, clock),
      }),
    )
  }

  async function call(index: number, path: string, init: RequestInit & { visitor?: string } = {}) {
    const headers = new Headers(init.headers)
    headers.set('X-Forwarded-For', init.visitor ?? '203.0.113.1')
    const response = await fetch(proxies[index]!.url + path, { ...init, headers })
    const text = await response.text()
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined }
  }

  return {
    clock,
    sandbox,
    sandboxUrl,
    site,
    proxies,
    /** Every log line, per proxy. */
    lines,
    slots: (
      index: number,
      calendarId: string,
      from: string,
      to: string,
      timeZone: string,
      visitor?: string,
    ) =>
      call(index, `${routes.slots(site.id, calendarId)}?${new URLSearchParams({ from, to, timeZone })}`, {
        visitor,
      }),
    calendar: (index: number, calendarId: string) => call(index, routes.calendar(site.id, calendarId)),
    book: (index: number, body: BookingRequestInput, key: string, visitor?: string) =>
      call(index, routes.bookings(site.id), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key, origin: ORIGIN },
        body: JSON.stringify(body),
        visitor,
      }),
    async close() {
      await Promise.all(proxies.map((proxy) => proxy.close()))
      sandbox.close()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        if ('closeAllConnections' in server) server.closeAllConnections()
      })
    },
  }
}

/** Most of `times` inside any window of `windowMs`, windows starting at each time. */
export function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b)
  let most = 0
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (j < sorted.length && sorted[j]! < sorted[i]! + windowMs) j++
    most = Math.max(most, j - i)
  }
  return most
}

/** The first free start within a week of `now`, read through every instance so that each caches it. */
export async function freeStart(
  stack: Awaited<ReturnType<typeof startInstances>>,
  calendarId: string,
  now: number,
): Promise<string> {
  let first: string | undefined
  for (const [index] of stack.proxies.entries()) {
    const answer = await stack.slots(index, calendarId, day(now, 1), day(now, 7), SANDBOX.timeZone)
    if (answer.status !== 200) throw new Error(`slots answered ${answer.status}`)
    first ??= answer.body.slots[0]?.start
  }
  if (!first) throw new Error('no free slot within a week')
  return first
}

/** The date `offset` days after `now`, YYYY-MM-DD (UTC). */
export const day = (now: number, offset: number) =>
  new Date(now + offset * 86_400_000).toISOString().slice(0, 10)
