/**
 * `npm run bench`: the cached slots read against a bare Hono route sending the same answer, body and headers byte
 * for byte (what the proxy could do at best without any work of its own), and a Hono hello-world for the record.
 * All on @hono/node-server over loopback, each server in its own process, measured with autocannon. The machine
 * is shared and its load changes from second to second, so the targets are measured in turns, round after round
 * (`BENCH_ROUNDS`, default 3), and each ratio is taken within a round: the median of the rounds is the figure.
 */
import autocannon from 'autocannon'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { routes } from '../contract/schemas.ts'
import { SANDBOX } from '../demo/sandbox/index.ts'
import { BENCH_SITE } from './site.ts'

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)

/** Starts `bench/server.ts <target>` and resolves with its port and a stop function. */
async function startTarget(target: 'hello' | 'static' | 'proxy', env: Record<string, string> = {}) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./server.ts', import.meta.url).pathname, target],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...env },
    },
  )
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string]
  const { port } = JSON.parse(line) as { port: number }
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGTERM')
      if (child.exitCode === null) await once(child, 'exit')
    },
  }
}

// The widget always asks from a host page's origin, so the gate checks it and CORS headers are answered.
// Every target gets the same request headers.
const headers = { Origin: BENCH_SITE.origins[0]! }

interface Figures {
  rps: number
  p99: number
}

/** Measures `url` for `seconds`. */
async function measure(url: string, seconds = DURATION_S): Promise<Figures> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers })
  if (result.non2xx || result.errors)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`)
  return { rps: result.requests.average, p99: result.latency.p99 }
}

// The week after next, in the location's zone: one cached window, a realistic week of slots.
const from = new Date(Date.now() + 8 * 86_400_000).toISOString().slice(0, 10)
const to = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10)
const slotsPath = `${routes.slots('bench', SANDBOX.calendars.consultation)}?from=${from}&to=${to}&timeZone=${encodeURIComponent(SANDBOX.timeZone)}`

/** Headers Node adds to every answer itself (Date, Connection, Keep-Alive, Content-Length). */
const NODE_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'])

/** Fails unless the answer went through the whole stack: the site's CORS, the limiter, the cached body. */
async function checkFullStack(url: string) {
  const response = await fetch(url, { headers })
  const body = await response.text()
  if (
    response.status !== 200 ||
    response.headers.get('access-control-allow-origin') !== headers.Origin ||
    !response.headers.get('ratelimit') ||
    !response.headers.get('etag') ||
    !body.includes('"slots":[{')
  ) {
    throw new Error(`${url} did not answer through the full stack: ${response.status} ${body.slice(0, 200)}`)
  }
  // The headers the proxy chose, for the bare route to send as they are.
  const chosen = Object.fromEntries([...response.headers].filter(([name]) => !NODE_HEADERS.has(name)))
  return { body, headers: chosen as Record<string, string> }
}

const proxy = await startTarget('proxy')
const slotsUrl = proxy.url + slotsPath
const answer = await checkFullStack(slotsUrl)
const bare = await startTarget('static', {
  BENCH_BODY: answer.body,
  BENCH_HEADERS: JSON.stringify(answer.headers),
})
const hello = await startTarget('hello')
const targets = { slots: slotsUrl, bare: bare.url + '/', hello: hello.url + '/' }

const rounds: Record<keyof typeof targets, Figures>[] = []
try {
  for (const url of Object.values(targets)) await measure(url, 1) // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    const figures: Partial<Record<keyof typeof targets, Figures>> = {}
    // Each round in another order, so no target always runs right after the same one.
    const order = (Object.keys(targets) as (keyof typeof targets)[]).map(
      (_, i, names) => names[(i + round) % names.length]!,
    )
    for (const name of order) figures[name] = await measure(targets[name])
    rounds.push(figures as Record<keyof typeof targets, Figures>)
  }
} finally {
  await Promise.all([proxy.stop(), bare.stop(), hello.stop()])
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}
const row = (name: string, r: Figures) =>
  `  ${name.padEnd(36)} ${r.rps.toFixed(0).padStart(8)} req/s   p99 ${String(r.p99).padStart(4)} ms`
console.log(`autocannon -c ${CONNECTIONS} -d ${DURATION_S} on loopback, ${ROUNDS} rounds`)
const toBare = rounds.map((r) => r.slots.rps / r.bare.rps)
const toHello = rounds.map((r) => r.slots.rps / r.hello.rps)
for (const [i, r] of rounds.entries()) {
  console.log(`round ${i + 1}`)
  console.log(row('cached slots route', r.slots))
  console.log(row(`same answer, bare Hono route (${answer.body.length} B)`, r.bare))
  console.log(row('hello-world (Hono)', r.hello))
  console.log(`  ratio to the bare route ${toBare[i]!.toFixed(2)}, to hello-world ${toHello[i]!.toFixed(2)}`)
}
const fmt = (values: number[]) =>
  `${median(values).toFixed(2)} (rounds ${values.map((v) => v.toFixed(2)).join(', ')})`
console.log(
  `cached slots route / bare Hono route, same body and ${Object.keys(answer.headers).length} headers: ${fmt(toBare)}`,
)
console.log(`cached slots route / hello-world: ${fmt(toHello)}`)
