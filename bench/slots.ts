/**
 * `npm run bench`: the cached slots route against a bare Hono hello-world, both on @hono/node-server over
 * loopback, measured with autocannon in one run. Prints req/s, p99 latency and the ratio (goal >= 0.8). A
 * third target, the same bare server answering with the slots body itself, shows how much of the gap is the
 * size of the answer rather than the proxy's work; a fourth sends the proxy's headers too (security headers,
 * CORS, limits, ETag), which is as fast as the proxy could answer without doing any work of its own.
 * Each target runs in its own process; the numbers are noisy on a small machine, the ratio less so.
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
    port,
    stop: async () => {
      child.kill('SIGTERM')
      if (child.exitCode === null) await once(child, 'exit')
    },
  }
}

// The widget always asks from a host page's origin, so the gate checks it and CORS headers are answered.
// Both targets get the same request headers.
const headers = { Origin: BENCH_SITE.origins[0]! }

/** Warms up for a second, then measures. */
async function measure(url: string) {
  await autocannon({ url, connections: CONNECTIONS, duration: 1, headers })
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, headers })
  if (result.non2xx || result.errors)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`)
  return { rps: result.requests.average, p99: result.latency.p99 }
}

// The week after next, in the location's zone: one cached window, a realistic week of slots.
const from = new Date(Date.now() + 8 * 86_400_000).toISOString().slice(0, 10)
const to = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10)
const slotsPath = `${routes.slots('bench', SANDBOX.calendars.consultation)}?from=${from}&to=${to}&timeZone=${encodeURIComponent(SANDBOX.timeZone)}`

const hello = await startTarget('hello')
const baseline = await measure(`http://127.0.0.1:${hello.port}/`).finally(hello.stop)
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
  // The headers the proxy chose; Node adds the rest (Date, Connection, Keep-Alive, Content-Length) itself.
  const chosen = Object.fromEntries(
    [...response.headers].filter(([name]) => !NODE_HEADERS.has(name)),
  ) as Record<string, string>
  return { body, headers: chosen }
}

const NODE_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'])

const proxy = await startTarget('proxy')
const slotsUrl = `http://127.0.0.1:${proxy.port}${slotsPath}`
const { body: slotsBody, headers: slotsHeaders } = await checkFullStack(slotsUrl)
const slots = await measure(slotsUrl).finally(proxy.stop)

const same = await startTarget('static', { BENCH_BODY: slotsBody })
const sameSize = await measure(`http://127.0.0.1:${same.port}/`).finally(same.stop)

// The same answer byte for byte, headers included (security, CORS, limits, ETag): what the contract costs
// before any of the proxy's own work.
const sameAnswer = await startTarget('static', {
  BENCH_BODY: slotsBody,
  BENCH_HEADERS: JSON.stringify(slotsHeaders),
})
const sameHeaders = await measure(`http://127.0.0.1:${sameAnswer.port}/`).finally(sameAnswer.stop)

const row = (name: string, r: { rps: number; p99: number }) =>
  `${name.padEnd(28)} ${r.rps.toFixed(0).padStart(9)} req/s   p99 ${String(r.p99).padStart(4)} ms`
console.log(`autocannon -c ${CONNECTIONS} -d ${DURATION_S} on loopback`)
console.log(row('hello-world (Hono)', baseline))
console.log(row('cached slots route', slots))
console.log(row(`same body, bare (${slotsBody.length} B)`, sameSize))
console.log(row(`same body + headers, bare (${Object.keys(slotsHeaders).length})`, sameHeaders))
const ratio = slots.rps / baseline.rps
console.log(`ratio ${ratio.toFixed(2)} (goal >= 0.80) ${ratio >= 0.8 ? 'met' : 'NOT met'}`)
console.log(`ratio to a bare server sending the same body: ${(slots.rps / sameSize.rps).toFixed(2)}`)
console.log(
  `ratio to a bare server sending the same body and headers: ${(slots.rps / sameHeaders.rps).toFixed(2)}`,
)
