/**
 * The load of `bench/abuse-reads.ts`: its proxy targets in child processes, a closed loop (a fixed number of
 * requests in flight) and an open loop (requests at a fixed rate, latency counted from when each was due).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { SANDBOX } from '../demo/sandbox/index.ts'
import { routes } from '../contract/schemas.ts'
import type { TargetRequest } from './abuse-target.ts'
import { BENCH_SITE } from './site.ts'

export const PATH = routes.slots(BENCH_SITE.id, SANDBOX.calendars.consultation)
export const ORIGIN = BENCH_SITE.origins[0]!

/** A proxy target (bench/abuse-target.ts) in its own process, with a 200 MB heap. */
export async function startTarget(mode: 'production' | 'short-cache') {
  const child = spawn(
    process.execPath,
    [
      '--max-old-space-size=200',
      '--import',
      'tsx',
      fileURLToPath(new URL('./abuse-target.ts', import.meta.url)),
      mode,
    ],
    { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] },
  )
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string]
  const { port } = JSON.parse(line) as { port: number }
  return {
    child,
    base: `http://127.0.0.1:${port}${PATH}?`,
    ask: <T>(request: TargetRequest) => askChild<T>(child, request),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      await once(child, 'exit')
    },
  }
}

function askChild<T>(child: ChildProcess, request: TargetRequest): Promise<T> {
  const answer = once(child, 'message') as Promise<[T]>
  child.send(request)
  return answer.then(([message]) => message)
}

/** Runs `count` requests, `connections` at a time, until done or `deadline` (performance.now ms). */
export async function inParallel(
  count: number,
  connections: number,
  deadline: number,
  one: (i: number) => Promise<void>,
) {
  let next = 0
  let sent = 0
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < count && performance.now() < deadline) {
        const i = next++
        sent++
        await one(i)
      }
    }),
  )
  return sent
}

export const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN

/**
 * Reads `queries` round-robin, `rate` a second for `seconds`, on an open loop: reads leave when due whatever the
 * answers, and each read's latency counts from when it was due, so a stall shows as every read it held up (a
 * closed loop would send fewer reads during it).
 */
export async function openLoop(base: string, queries: string[], seconds: number, rate: number) {
  const latencies: number[] = []
  const failures: Record<string, number> = {}
  let stale = 0
  const read = async (query: string, due: number) => {
    try {
      const response = await fetch(base + query, {
        headers: { Origin: ORIGIN },
        signal: AbortSignal.timeout(60_000),
      })
      await response.arrayBuffer()
      if (response.status !== 200) failures[response.status] = (failures[response.status] ?? 0) + 1
      else if (response.headers.get('x-slots-stale')) stale++
    } catch {
      failures.error = (failures.error ?? 0) + 1
    }
    latencies.push(performance.now() - due)
  }
  const started = performance.now()
  const reads = Math.round(seconds * rate)
  const inFlight: Promise<void>[] = []
  for (let i = 0; i < reads; i++) {
    const due = started + (i * 1_000) / rate
    const wait = due - performance.now()
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    inFlight.push(read(queries[i % queries.length]!, due))
  }
  await Promise.all(inFlight)
  latencies.sort((a, b) => a - b)
  const failed = Object.values(failures).reduce((sum, n) => sum + n, 0)
  return {
    seconds,
    rate,
    reads,
    answered: reads - failed,
    stale,
    failures,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  }
}
