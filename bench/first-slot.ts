/**
 * `npm run bench:first-slot`: time to first slot on the demo page, from navigation start to the first frame
 * showing a time button in the inline widget, in headless Chromium over loopback.
 *
 * - warm: one demo whose proxy caches an unmeasured page load filled just before each run (slots live 60 s
 *   there); the script counts the slot calls that still reached the sandbox during the measured runs.
 * - cold: a fresh demo (sandbox and proxy, so empty slot and calendar caches) for every run, started before
 *   the clock starts. The demo exposes no handle on the proxy's slot service, so nothing is invalidated in place.
 *
 * Warm and cold runs alternate. Every run uses a new browser context, so no HTTP cache or connection is shared.
 * Prints the median and p90 of `BENCH_RUNS` runs (default 20) for each, and the widget's size with gzip -9.
 * `BENCH_GHL_LATENCY_MS` adds that latency to every sandbox answer in the cold runs (default 0: loopback, far
 * faster than GHL itself).
 */
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import type { Browser } from 'playwright-core'
import { startDemo, type Demo } from '../demo/server.ts'
import { newVisitor } from '../test/e2e/browser.ts'
import { withDemoAndBrowser } from '../test/e2e/demo-and-browser.ts'

const RUNS = Number(process.env.BENCH_RUNS ?? 20)
const GHL_LATENCY_MS = Number(process.env.BENCH_GHL_LATENCY_MS ?? 0)
const DEADLINE_MS = 110_000

/**
 * Runs in the page before its scripts: every animation frame, looks through the open shadow roots below
 * `#book` for a rendered button labelled with a time, and keeps the frame's time (ms since navigation start).
 * Plain JavaScript in a string: a function would be rewritten by the TypeScript loader with helpers the page
 * does not have.
 */
const WATCH_FIRST_SLOT = `(() => {
  const hasSlot = (root) => {
    for (const element of root.querySelectorAll('*')) {
      if (element.shadowRoot && hasSlot(element.shadowRoot)) return true
      if (
        element.tagName === 'BUTTON' &&
        /^\\d{1,2}:\\d{2}/.test(element.getAttribute('aria-label') || '') &&
        element.getClientRects().length > 0
      ) return true
    }
    return false
  }
  const check = (at) => {
    const book = document.getElementById('book')
    if (book && hasSlot(book)) window.firstSlotMs = at
    else requestAnimationFrame(check)
  }
  requestAnimationFrame(check)
})()`

/** One page load in a new context; resolves with the time to first slot in ms. */
async function timeToFirstSlot(browser: Browser, url: string): Promise<number> {
  const context = await newVisitor(browser)
  try {
    await context.addInitScript({ content: WATCH_FIRST_SLOT })
    const page = await context.newPage()
    await page.goto(url)
    const handle = await page
      .waitForFunction(() => (window as unknown as { firstSlotMs?: number }).firstSlotMs, undefined, {
        timeout: 15_000,
      })
      .catch(async (error: Error) => {
        const shown = await page.locator('#book').ariaSnapshot()
        throw new Error(`no time button within 15 s on ${url}; the widget shows:\n${shown}`, { cause: error })
      })
    return (await handle.jsonValue()) as number
  } finally {
    await context.close()
  }
}

/** Free-slot calls the sandbox has answered so far. */
const slotCalls = (demo: Demo) => demo.sandbox.requests().filter((r) => r.path.endsWith('/free-slots')).length

/** The `p`-th percentile by nearest rank. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!
}

const summary = (values: number[]) =>
  `median ${percentile(values, 50).toFixed(0).padStart(4)} ms   p90 ${percentile(values, 90).toFixed(0).padStart(4)} ms`

/** Alternates warm and cold runs and prints their summaries. */
async function measure(demo: Demo, browser: Browser) {
  const url = `${demo.url}/`
  // Warm and cold runs alternate, so both series meet the same noise on a shared machine.
  const warm: number[] = []
  const cold: number[] = []
  let upstream = 0
  for (let i = 0; i < RUNS; i++) {
    // An unmeasured load first: fills (or refreshes) the proxy's caches and warms Chromium's code paths.
    await timeToFirstSlot(browser, url)
    const calls = slotCalls(demo)
    warm.push(await timeToFirstSlot(browser, url))
    upstream += slotCalls(demo) - calls

    const fresh = await startDemo({ port: 0, sandboxPort: 0, build: false })
    if (GHL_LATENCY_MS) fresh.sandbox.setFaults({ latencyMs: GHL_LATENCY_MS })
    try {
      cold.push(await timeToFirstSlot(browser, `${fresh.url}/`))
    } finally {
      await fresh.close()
    }
  }

  const widget = readFileSync(new URL('../dist/widget.js', import.meta.url))
  const gzip = gzipSync(widget, { level: 9 }).length
  console.log(
    `Time to first slot: navigation start to the first frame with a time button in the inline widget,\n` +
      `headless Chromium, loopback, ${RUNS} runs each, a new browser context per run.\n`,
  )
  console.log(
    `  warm proxy cache    ${summary(warm)}   (free-slot calls that reached the sandbox: ${upstream})`,
  )
  console.log(
    `  empty proxy cache   ${summary(cold)}   (a fresh demo per run${GHL_LATENCY_MS ? `, GHL latency ${GHL_LATENCY_MS} ms` : ''})`,
  )
  console.log(
    `\nwidget.js ${(widget.length / 1024).toFixed(1)} KB, gzip -9 ${(gzip / 1024).toFixed(1)} KB (${gzip} bytes)`,
  )
  if (upstream > 0) console.log('warning: the warm series was not served from the cache alone')
}

const deadline = setTimeout(() => {
  console.error(`bench:first-slot did not finish within ${DEADLINE_MS / 1000} s`)
  process.exit(1)
}, DEADLINE_MS)
deadline.unref()
await withDemoAndBrowser(measure)
