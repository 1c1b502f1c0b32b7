/**
 * The proxy that `bench/abuse-reads.ts` attacks, in its own process (started with `--max-old-space-size=200`), in
 * front of the GHL sandbox of this process. `production`: `startProxy` exactly as `npm start` wires it, one
 * reverse proxy trusted (each query then comes from its own visitor address). `short-cache`: the same read path
 * (GHL client, throttle, calendar and slot services, `createApp`) served the same way, with slots fresh for 2 s
 * and served while reloading for 1 s more, so a short run sees many reloads. Prints `{"port":N}` once listening;
 * answers IPC messages: `memory` (its RSS and heap), `faults` (sets the sandbox's faults).
 */
import { serve } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import { createSandbox, SANDBOX } from '../demo/sandbox/index.ts'
import type { FaultsPatch } from '../demo/sandbox/faults.ts'
import { createApp } from '../proxy/src/app.ts'
import { createCalendarService } from '../proxy/src/services/calendars/calendar-service.ts'
import { createGhlClient } from '../proxy/src/ghl/client.ts'
import { createMemoryRateLimitStore } from '../proxy/src/stores/rate-limit.ts'
import { createSiteRegistry } from '../proxy/src/config/sites.ts'
import { createSlotService } from '../proxy/src/services/slots/slot-service.ts'
import { startProxy } from '../proxy/src/entries/start.ts'
import { BENCH_SITE } from './site.ts'

/** Messages from the bench. */
export type TargetRequest = { type: 'memory' } | { type: 'faults'; faults: FaultsPatch }

const mode = process.argv[2]
const sandbox = createSandbox()
const toSandbox = async (input: string | URL | Request, init?: RequestInit) =>
  sandbox.fetch(new Request(input, init))

async function listen(): Promise<number> {
  if (mode === 'production') {
    const proxy = await startProxy({
      sites: [BENCH_SITE],
      tokenFor: () => SANDBOX.token,
      ghlApiBase: 'http://sandbox.test',
      fetch: toSandbox,
      trustedProxies: 1,
    })
    return proxy.port
  }
  if (mode !== 'short-cache') throw new Error('usage: bench/abuse-target.ts production|short-cache')
  const ghl = createGhlClient({
    baseUrl: 'http://sandbox.test',
    tokenFor: () => SANDBOX.token,
    fetch: toSandbox,
  })
  const calendars = createCalendarService({ ghl })
  const slots = createSlotService({ ghl, calendars, ttlMs: 2_000, staleWhileRevalidateMs: 1_000 })
  const app = createApp({
    sites: createSiteRegistry([BENCH_SITE]),
    calendars,
    slots,
    rateLimitStore: createMemoryRateLimitStore(),
  })
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started))
  })
  return (server.address() as AddressInfo).port
}

const port = await listen()
process.on('message', (message: TargetRequest) => {
  if (message.type === 'memory') process.send!({ type: 'memory', ...process.memoryUsage() })
  else if (message.type === 'faults') {
    sandbox.setFaults(message.faults)
    process.send!({ type: 'faults' })
  }
})
process.once('SIGTERM', () => {
  sandbox.close()
  process.exit(0)
})
console.log(JSON.stringify({ port }))
