/**
 * `node --import tsx bench/in-process.ts`: what a cached slots read costs the proxy's CPU, without sockets: the
 * read through `app.request()`, a bare Hono route answering the same body and headers, and a Hono hello-world,
 * in one process, in turns over `BENCH_TURNS` turns (default 7), printing microseconds per request and the
 * median ratio. Steadier than `npm run bench` on a busy machine, quicker to iterate on, and runs under
 * `--cpu-prof` to see where the time goes.
 */
import { Hono } from 'hono'
import { createSandbox, SANDBOX } from '../demo/sandbox/index.ts'
import { routes } from '../contract/schemas.ts'
import { buildProxy } from '../proxy/src/proxy.ts'
import { BENCH_SITE } from './site.ts'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5_000)
const TURNS = Number(process.env.BENCH_TURNS ?? 7)

/** Mean microseconds per request over `ROUNDS` sequential requests, each body read. */
async function timePerRequest(request: () => Response | Promise<Response>): Promise<number> {
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
const body = await first.text()
if (first.status !== 200) throw new Error(`slots answered ${first.status}: ${body}`)
const answerHeaders = Object.fromEntries(first.headers)

const bare = new Hono().get('/', () => new Response(body, { status: 200, headers: answerHeaders }))
const hello = new Hono().get('/', (c) => c.text('Hello Hono!'))
const targets = {
  slots: () => app.request(url, { headers }),
  bare: () => bare.request('http://127.0.0.1/', { headers }),
  hello: () => hello.request('http://127.0.0.1/'),
}
for (const request of Object.values(targets)) await timePerRequest(request) // warm-up

const times: Record<keyof typeof targets, number[]> = { slots: [], bare: [], hello: [] }
for (let turn = 0; turn < TURNS; turn++)
  for (const name of Object.keys(targets) as (keyof typeof targets)[])
    times[name].push(await timePerRequest(targets[name]))

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!
const ratio = (a: number[], b: number[]) => median(a.map((value, i) => b[i]! / value))
console.log(`${ROUNDS} requests a turn, ${TURNS} turns, medians`)
console.log(`cached slots route ${median(times.slots).toFixed(1).padStart(7)} µs/request`)
console.log(`bare route, same   ${median(times.bare).toFixed(1).padStart(7)} µs/request`)
console.log(`hello-world        ${median(times.hello).toFixed(1).padStart(7)} µs/request`)
console.log(`requests per second, slots / bare route: ${ratio(times.slots, times.bare).toFixed(2)}`)
console.log(`requests per second, slots / hello-world: ${ratio(times.slots, times.hello).toFixed(2)}`)
sandbox.close()
