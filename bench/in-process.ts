/**
 * `node --import tsx bench/in-process.ts`: the cached slots route and a bare Hono hello-world driven through
 * `app.request()` in one process, without sockets, printing microseconds per request. Quicker to iterate on
 * than `npm run bench`, and runs under `--cpu-prof`.
 */
import { Hono } from 'hono'
import { createSandbox, SANDBOX } from '../demo/sandbox/index.ts'
import { routes } from '../contract/schemas.ts'
import { buildProxy } from '../proxy/src/proxy.ts'
import { BENCH_SITE } from './site.ts'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20_000)

/** Mean microseconds per request over `ROUNDS` sequential requests, after a warm-up of the same size. */
async function timePerRequest(request: () => Response | Promise<Response>): Promise<number> {
  for (let i = 0; i < ROUNDS; i++) await (await request()).text()
  const started = performance.now()
  for (let i = 0; i < ROUNDS; i++) await (await request()).text()
  return ((performance.now() - started) * 1000) / ROUNDS
}

const sandbox = createSandbox()
const { app } = buildProxy({
  sites: [BENCH_SITE],
  tokenFor: () => SANDBOX.token,
  fetch: async (input, init) => sandbox.fetch(new Request(input, init)),
  ghlApiBase: 'http://sandbox.test',
  slotsTtlMs: 3_600_000,
  clientIp: () => '127.0.0.1',
})
const from = new Date(Date.now() + 8 * 86_400_000).toISOString().slice(0, 10)
const to = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10)
const url = `http://127.0.0.1${routes.slots('bench', SANDBOX.calendars.consultation)}?from=${from}&to=${to}&timeZone=${encodeURIComponent(SANDBOX.timeZone)}`
const headers = { Origin: BENCH_SITE.origins[0]! }
const first = await app.request(url, { headers })
if (first.status !== 200) throw new Error(`slots answered ${first.status}: ${await first.text()}`)

const hello = new Hono().get('/', (c) => c.text('Hello Hono!'))
const helloUs = await timePerRequest(() => hello.request('http://127.0.0.1/'))
const slotsUs = await timePerRequest(() => app.request(url, { headers }))
console.log(`hello-world        ${helloUs.toFixed(1).padStart(7)} µs/request`)
console.log(`cached slots route ${slotsUs.toFixed(1).padStart(7)} µs/request`)
sandbox.close()
