/**
 * `npm run bench:abuse -- reads`: the proxy under two kinds of read abuse, on loopback, bounded in time, each figure
 * printed beside its goal.
 *
 * 1. Memory: the proxy as `npm start` wires it, in a child with a 200 MB heap, asked 50 000 distinct valid slots
 *    queries (every zone, six-week ranges, each from its own visitor address through a trusted reverse proxy).
 *    Goal: RSS under 150 MB above idle, no crash.
 * 2. A failing GHL: once the cache is warm, 20 s of widget-like slots reads, 100 a second on an open loop, while
 *    GHL answers 40 % of requests with a 5xx, every answer 100 ms late, and a burst of 429s every 4 s; slots are
 *    fresh for 2 s only (and served while reloading 1 s more), so the run sees many reloads. Goal: at least
 *    99.9 % of reads answered (fresh or stale), p99 under 2 s. The same reads with GHL healthy, 10 s just
 *    before, show what the machine itself gives at that rate.
 *
 * Exports {@link abuseReads}, which returns the figures, and {@link printAbuseReads}; runs both when executed.
 * Environment: `BENCH_QUERIES` (50 000), `BENCH_FAULT_SECONDS` (20), `BENCH_CONNECTIONS` (32), `BENCH_RATE` (100).
 */
import { MAX_SLOT_RANGE_DAYS } from '../contract/schemas.ts'
import { addDays, localDate } from '../proxy/src/time/zoned.ts'
import { distinctSlotQuery } from '../test/support/distinct-queries.ts'
import { inParallel, openLoop, ORIGIN, startTarget } from './abuse-load.ts'

/** Options of {@link abuseReads}. */
export interface AbuseReadsOptions {
  /** Distinct queries of the memory run. Default 50 000. */
  queries?: number
  /** Seconds of the failing-GHL run. Default 20. */
  faultSeconds?: number
  /** Requests in flight at once in the memory run. Default 32. */
  connections?: number
  /** Reads per second in the failing-GHL run. Default 100. */
  rate?: number
  /** Longest the memory run may take before it stops sending, in s. Default 300. */
  maxSeconds?: number
}

/** What {@link abuseReads} measured. */
export interface AbuseReadsFigures {
  memory: {
    queries: number
    sent: number
    statuses: Record<string, number>
    idleRssMb: number
    loadedRssMb: number
    growthMb: number
    heapUsedMb: number
    crashed: boolean
    seconds: number
  }
  faults: {
    seconds: number
    rate: number
    reads: number
    answered: number
    stale: number
    failures: Record<string, number>
    p50Ms: number
    p99Ms: number
    /** The same reads at the same rate with GHL healthy, just before: what the machine gives. */
    healthyP50Ms: number
    healthyP99Ms: number
  }
}

const MB = 1024 * 1024

async function memoryRun(options: Required<AbuseReadsOptions>): Promise<AbuseReadsFigures['memory']> {
  const target = await startTarget('production')
  try {
    const now = Date.now()
    const query = (i: number) => distinctSlotQuery(i, { now, maxDays: MAX_SLOT_RANGE_DAYS })
    const statuses: Record<string, number> = {}
    const ask = async (i: number) => {
      try {
        const response = await fetch(target.base + query(i), {
          // Each query from its own visitor, as a botnet sends them: the proxy trusts one reverse proxy.
          headers: { Origin: ORIGIN, 'X-Forwarded-For': `198.18.${(i >> 8) & 255}.${i & 255}, 10.0.0.1` },
        })
        await response.arrayBuffer()
        statuses[response.status] = (statuses[response.status] ?? 0) + 1
      } catch {
        statuses.error = (statuses.error ?? 0) + 1
      }
    }
    // Idle: started, the calendar and the months ahead cached, a few hundred requests served.
    await inParallel(300, 8, Infinity, (i) => ask(options.queries + i))
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    const idle = await target.ask<NodeJS.MemoryUsage>({ type: 'memory' })
    for (const key of Object.keys(statuses)) delete statuses[key]

    const started = performance.now()
    const sent = await inParallel(
      options.queries,
      options.connections,
      started + options.maxSeconds * 1_000,
      ask,
    )
    const seconds = (performance.now() - started) / 1_000
    const crashed = target.child.exitCode !== null || target.child.signalCode !== null
    const loaded = crashed ? undefined : await target.ask<NodeJS.MemoryUsage>({ type: 'memory' })
    return {
      queries: options.queries,
      sent,
      statuses,
      idleRssMb: idle.rss / MB,
      loadedRssMb: loaded ? loaded.rss / MB : NaN,
      growthMb: loaded ? (loaded.rss - idle.rss) / MB : NaN,
      heapUsedMb: loaded ? loaded.heapUsed / MB : NaN,
      crashed,
      seconds,
    }
  } finally {
    await target.stop()
  }
}

async function faultRun(options: Required<AbuseReadsOptions>): Promise<AbuseReadsFigures['faults']> {
  const target = await startTarget('short-cache')
  try {
    // What widgets ask: this month from today and next month, in twenty zones.
    const zones = Intl.supportedValuesOf('timeZone')
      .filter((_, i) => i % 21 === 0)
      .slice(0, 20)
    const queries = zones.flatMap((timeZone) => {
      const today = localDate(Date.now(), timeZone)
      const nextMonth = addDays(`${today.slice(0, 8)}01`, 32).slice(0, 8) + '01'
      const endOfMonth = (first: string) => addDays(addDays(first, 32).slice(0, 8) + '01', -1)
      return [
        { from: today, to: endOfMonth(`${today.slice(0, 8)}01`), timeZone },
        { from: nextMonth, to: endOfMonth(nextMonth), timeZone },
      ].map((q) => new URLSearchParams(q).toString())
    })
    for (const query of queries) {
      const response = await fetch(target.base + query, { headers: { Origin: ORIGIN } })
      await response.arrayBuffer()
      if (response.status !== 200) throw new Error(`warming ${query} answered ${response.status}`)
    }

    const run = (seconds: number) => openLoop(target.base, queries, seconds, options.rate)
    // The same reads with GHL healthy first: what this machine gives at this rate, in the same run.
    const healthy = await run(Math.min(10, options.faultSeconds))
    await target.ask({ type: 'faults', faults: { errorRate: 0.4, latencyMs: 100 } })
    const bursts = setInterval(
      () => void target.ask({ type: 'faults', faults: { rateLimitBurst: 20 } }),
      4_000,
    )
    const failing = await run(options.faultSeconds).finally(() => clearInterval(bursts))
    return { ...failing, healthyP50Ms: healthy.p50Ms, healthyP99Ms: healthy.p99Ms }
  } finally {
    await target.stop()
  }
}

/** Runs both parts and returns their figures. */
export async function abuseReads(options: AbuseReadsOptions = {}): Promise<AbuseReadsFigures> {
  const all: Required<AbuseReadsOptions> = {
    queries: options.queries ?? 50_000,
    faultSeconds: options.faultSeconds ?? 20,
    connections: options.connections ?? 32,
    rate: options.rate ?? 100,
    maxSeconds: options.maxSeconds ?? 300,
  }
  return { memory: await memoryRun(all), faults: await faultRun(all) }
}

const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED')
const n = (value: number) => value.toLocaleString('en-US')

/** Prints the figures, each beside its goal. */
export function printAbuseReads({ memory, faults }: AbuseReadsFigures): void {
  const answered = memory.statuses[200] ?? 0
  console.log(
    `Memory: ${n(memory.queries)} distinct valid slots queries (${MAX_SLOT_RANGE_DAYS}-day ranges, every zone, one visitor address each), npm start's proxy with --max-old-space-size=200`,
  )
  console.log(`  RSS idle                  ${memory.idleRssMb.toFixed(1)} MB`)
  console.log(
    `  RSS after the queries     ${memory.loadedRssMb.toFixed(1)} MB, +${memory.growthMb.toFixed(1)} MB   goal: under +150 MB   ${verdict(memory.growthMb < 150)}`,
  )
  console.log(
    `  crashed                   ${memory.crashed ? 'yes' : 'no'}   goal: no   ${verdict(!memory.crashed)}`,
  )
  console.log(
    `  answered 200              ${n(answered)} of ${n(memory.sent)} sent   ${JSON.stringify(memory.statuses)}`,
  )
  console.log(
    `  heap used after           ${memory.heapUsedMb.toFixed(1)} MB; ${memory.seconds.toFixed(1)} s`,
  )
  const share = (100 * faults.answered) / faults.reads
  console.log(
    `GHL failing: 40 % 5xx, 100 ms latency, 20 429s every 4 s; slots fresh 2 s (+1 s revalidating); warm cache; ${faults.rate} reads/s for ${faults.seconds.toFixed(0)} s`,
  )
  console.log(
    `  reads answered            ${n(faults.answered)} of ${n(faults.reads)} = ${share.toFixed(3)} %   goal: at least 99.9 %   ${verdict(share >= 99.9)}`,
  )
  console.log(
    `  of them stale             ${((100 * faults.stale) / Math.max(1, faults.answered)).toFixed(1)} %`,
  )
  console.log(
    `  latency p50 / p99         ${faults.p50Ms.toFixed(0)} / ${faults.p99Ms.toFixed(0)} ms   goal: p99 under 2 000 ms   ${verdict(faults.p99Ms < 2_000)}`,
  )
  console.log(
    `  the same, GHL healthy     ${faults.healthyP50Ms.toFixed(0)} / ${faults.healthyP99Ms.toFixed(0)} ms (this machine at this rate, same run)`,
  )
  if (Object.keys(faults.failures).length)
    console.log(`  failures                  ${JSON.stringify(faults.failures)}`)
}
