/**
 * `npm run bench:first-slot`: how soon a visitor sees the first free time, in headless Chromium against the demo
 * (proxy and GHL sandbox), on a host page with the widget and on the same page without it (the baseline).
 *
 * For each network (loopback as it is, and 100 ms round trip, 10 Mbit/s down and 5 up emulated through the
 * DevTools protocol's `Network.emulateNetworkConditions`), each page language (English, and Spanish, whose
 * messages the widget fetches) and each proxy cache (warm: an unmeasured load of the same page just before;
 * empty: a fresh demo per run): the time from the script request's start to the first free time visible, the
 * widget's cost (first free time minus the baseline page's load, both from navigation start, medians of the same
 * run), the bytes on the wire before the first free time (transfer sizes, headers included, of every request the
 * widget made that ended by then) and the sequential round trips among those requests. Every run uses a new
 * browser context: a cold HTTP cache and no connection shared. `BENCH_RUNS` runs of each (default 20), interleaved
 * so that every series meets the same noise; median and p90. Each figure is printed beside its goal (issue: the
 * first free time sooner), and the figures from before the split beside them.
 */
import { readFileSync } from 'node:fs'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import type { Browser } from 'playwright-core'
import { startDemo, type Demo } from '../demo/server.ts'
import { withDemoAndBrowser } from '../test/e2e/demo-and-browser.ts'
import { hostPage, measureLoad, type Load, type Network } from './first-slot-load.ts'

const RUNS = Number(process.env.BENCH_RUNS ?? 20)
const DEADLINE_MS = 45 * 60_000
const NETWORKS: Network[] = [
  null,
  { name: '100 ms RTT, 10/5 Mbit/s', latencyMs: 100, downMbit: 10, upMbit: 5 },
]
const LOCALES = ['en', 'es'] as const
const CACHES = ['warm', 'empty'] as const

/** Before the split, compact slots and compression (measured then, on this demo): the closing note's figures. */
const BEFORE = {
  bytes: '~40 KB',
  roundTrips: 2,
  jsGzip: 25_201,
  loopbackWarmMs: 301,
  loopbackEmptyMs: 418,
}

/** The `p`-th percentile by nearest rank. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!
}
const ms = (value: number) => `${value.toFixed(0).padStart(4)} ms`
const spread = (values: number[]) => `median ${ms(percentile(values, 50))}  p90 ${ms(percentile(values, 90))}`
const mark = (ok: boolean) => (ok ? 'met' : 'NOT MET')

/** A series' name. */
const key = (network: Network, locale: string, cache: string) =>
  `${network?.name ?? 'loopback'} | ${locale} | ${cache}`

async function measure(demo: Demo, browser: Browser) {
  const series = new Map<string, Load[]>()
  const baselines = new Map<string, number[]>()
  const push = <T>(map: Map<string, T[]>, name: string, value: T) =>
    map.set(name, [...(map.get(name) ?? []), value])
  for (let run = 0; run < RUNS; run++) {
    for (const network of NETWORKS) {
      const plain = await measureLoad(browser, demo.url, hostPage({ widget: false, locale: 'en' }), network)
      push(baselines, network?.name ?? 'loopback', plain.loadMs)
      for (const locale of LOCALES) {
        const page = hostPage({ widget: true, locale })
        // Warm: the same page once before, unmeasured, fills (or refreshes) the proxy's caches.
        await measureLoad(browser, demo.url, page, null)
        push(series, key(network, locale, 'warm'), await measureLoad(browser, demo.url, page, network))
        const fresh = await startDemo({ port: 0, sandboxPort: 0, build: false })
        try {
          push(series, key(network, locale, 'empty'), await measureLoad(browser, fresh.url, page, network))
        } finally {
          await fresh.close()
        }
      }
    }
    process.stderr.write(`run ${run + 1} of ${RUNS}\r`)
  }

  const code = readFileSync(new URL('../dist/widget.js', import.meta.url))
  const jsGzip = gzipSync(code, { level: 9 }).length
  const jsBrotli = brotliCompressSync(code).length
  console.log(
    `\nFirst free time: headless Chromium, the demo's proxy and GHL sandbox, ${RUNS} runs per series,`,
  )
  console.log('a new browser context (cold HTTP cache) per run. Times: median and p90.\n')
  console.log(
    `JavaScript parsed before the first free time: widget.js, ${jsGzip} bytes gzip -9 (brotli ${jsBrotli} on the wire)` +
      `   goal <= 12,288: ${mark(jsGzip <= 12_288)}   before: ${BEFORE.jsGzip}, all of it`,
  )
  for (const network of NETWORKS) {
    const name = network?.name ?? 'loopback'
    const baseline = baselines.get(name)!
    console.log(`\n== ${name} ==  page without the widget, load event: ${spread(baseline)}`)
    for (const locale of LOCALES)
      for (const cache of CACHES) {
        const loads = series.get(key(network, locale, cache))!
        const fromScript = loads.map((l) => l.firstSlotMs! - l.scriptStartMs!)
        const cost =
          percentile(
            loads.map((l) => l.firstSlotMs!),
            50,
          ) - percentile(baseline, 50)
        const bytes = percentile(
          loads.map((l) => l.bytes!),
          50,
        )
        const trips = Math.max(...loads.map((l) => l.roundTrips!))
        console.log(`  ${locale} ${cache.padEnd(5)} proxy cache`)
        let goal = ''
        if (network && cache === 'warm') {
          const within = 4 * network.latencyMs
          goal = `   goal median <= ${within} ms (4 RTT): ${mark(percentile(fromScript, 50) <= within)}`
        }
        console.log(`    script request start -> first free time  ${spread(fromScript)}${goal}`)
        console.log(
          `    navigation start -> first free time      ${spread(loads.map((l) => l.firstSlotMs!))}`,
        )
        let costGoal = ''
        if (!network) {
          const before = cache === 'warm' ? BEFORE.loopbackWarmMs : BEFORE.loopbackEmptyMs
          costGoal = `   (before the split: first free time ${before} ms from navigation start, median)`
        }
        console.log(`    widget's cost (first free time - baseline load, medians)  ${ms(cost)}${costGoal}`)
        console.log(
          `    bytes on the wire before it  ${bytes} (median)   goal <= 16,000: ${mark(bytes <= 16_000)}   before: ${BEFORE.bytes}`,
        )
        console.log(
          `    sequential round trips  ${trips} (most of any run)   goal <= ${BEFORE.roundTrips}: ${mark(trips <= BEFORE.roundTrips)}` +
            `   requests: ${loads[0]!.requests!.join(' ')}`,
        )
      }
  }
  console.log(
    `\nBefore the split (same demo, loopback): ${BEFORE.bytes} on the wire, ${BEFORE.roundTrips} sequential round trips, ` +
      `${BEFORE.jsGzip} bytes gzip of JavaScript parsed, first free time ${BEFORE.loopbackWarmMs} ms (warm) and ` +
      `${BEFORE.loopbackEmptyMs} ms (empty) from navigation start; no baseline was measured then, so the cost goal ` +
      '(at most half of before) compares with those.',
  )
}

const deadline = setTimeout(() => {
  console.error(`bench:first-slot did not finish within ${DEADLINE_MS / 60_000} minutes`)
  process.exit(1)
}, DEADLINE_MS)
deadline.unref()
await withDemoAndBrowser(measure)
