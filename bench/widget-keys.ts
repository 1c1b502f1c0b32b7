/**
 * `npm run bench:keys`: what one arrow key in the month grid costs. The widget is bundled from source with
 * esbuild (with preact's render hook counting component renders, and `Intl.DateTimeFormat` counting its
 * constructions), mounted in headless Chromium on a page whose proxy requests are answered by request routing,
 * then `BENCH_KEYS` (default 200) ArrowRight/ArrowLeft keydowns are dispatched on the focused day, each awaited
 * until its renders and focus settle (one macrotask). Prints, per key: render passes, component renders,
 * formatter constructions and the median and p90 time, over `BENCH_RUNS` (default 3) fresh pages.
 */
import { build } from 'esbuild'
import { launchChromium } from '../test/e2e/browser.ts'

const KEYS = Number(process.env.BENCH_KEYS ?? 200)
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
/** Wednesday 14 April 2027, 09:00 UTC: the pinned instant of the tests. */
const NOW = Date.parse('2027-04-14T09:00:00Z')
const ORIGIN = 'http://bench.invalid'

const bundle = await build({
  entryPoints: [new URL('./widget-keys-page.ts', import.meta.url).pathname],
  bundle: true,
  format: 'iife',
  minify: true,
  write: false,
  jsx: 'automatic',
  jsxImportSource: 'preact',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'error',
})
const script = bundle.outputFiles[0]!.text

const calendar = {
  id: 'cal-1',
  name: 'Intro call',
  description: 'A short first call',
  durationMinutes: 30,
  timeZone: 'America/New_York',
  bookingWindow: { minNoticeMinutes: 60, maxDaysAhead: 120 },
  form: { phone: 'optional', notes: 'optional', consent: null },
}

/** Three slots on every weekday from `from` to `to`, in UTC. */
function slots(from: string, to: string) {
  const out = []
  for (let d = Date.parse(`${from}T00:00:00Z`); d <= Date.parse(`${to}T00:00:00Z`); d += 86_400_000) {
    const day = new Date(d)
    if (day.getUTCDay() % 6 === 0 || d < NOW) continue
    const date = day.toISOString().slice(0, 10)
    for (const h of ['09', '11', '14']) out.push({ start: `${date}T${h}:00:00Z`, end: `${date}T${h}:30:00Z` })
  }
  return out
}

/** What one page measured. */
interface Figures {
  times: number[]
  renders: number
  passes: number
  formatters: number
}

/**
 * Runs in the page: mounts, focuses the grid's tab stop, waits for the prefetch, then presses the keys.
 * Plain JavaScript in a string: a function would be rewritten by the TypeScript loader with helpers the page
 * does not have.
 */
const MEASURE = `async (keys, now) => {
  benchMount(now)
  const root = document.getElementById('book').shadowRoot
  const until = async (probe) => {
    for (let i = 0; !probe(); i++) {
      if (i > 1000) throw new Error('the widget did not show its times: ' + root.innerHTML.slice(0, 500))
      await new Promise((r) => setTimeout(r, 10))
    }
  }
  await until(() => root.querySelector('[role=grid] [tabindex="0"]') && root.querySelector('[part=slot]'))
  root.querySelector('[role=grid] [tabindex="0"]').focus()
  // Let the prefetch of the next month land before measuring.
  await new Promise((r) => setTimeout(r, 300))
  const tick = () => new Promise((r) => setTimeout(r))
  const c = benchCounts
  const before = { ...c }
  const times = []
  for (let i = 0; i < keys; i++) {
    const key = i % 2 ? 'ArrowLeft' : 'ArrowRight'
    const target = root.activeElement
    const t0 = performance.now()
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, composed: true }))
    await tick()
    times.push(performance.now() - t0)
  }
  if (!root.activeElement || !root.activeElement.dataset.date) throw new Error('focus left the grid')
  return {
    times,
    renders: (c.renders - before.renders) / keys,
    passes: (c.passes - before.passes) / keys,
    formatters: (c.formatters - before.formatters) / keys,
  }
}`

const quantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.floor(q * (values.length - 1))]!

const browser = await launchChromium()
try {
  const results: Figures[] = []
  for (let run = 0; run < RUNS; run++) {
    const page = await browser.newPage()
    await page.route(`${ORIGIN}/**`, (route) => {
      const url = new URL(route.request().url())
      if (url.pathname === '/')
        return route.fulfill({ contentType: 'text/html', body: '<!doctype html><div id="book"></div>' })
      if (url.pathname === '/bench.js') return route.fulfill({ contentType: 'text/javascript', body: script })
      if (url.pathname.endsWith('/slots')) {
        const q = url.searchParams
        const body = {
          calendarId: 'cal-1',
          timeZone: 'UTC',
          from: q.get('from'),
          to: q.get('to'),
          slots: slots(q.get('from')!, q.get('to')!),
        }
        return route.fulfill({ json: body })
      }
      if (url.pathname.includes('/calendars/')) return route.fulfill({ json: calendar })
      return route.fulfill({ status: 404, json: { error: { code: 'not_found', message: 'no' } } })
    })
    page.on('pageerror', (e) => console.error('page error:', e.message))
    page.on('crash', () => console.error('page crashed'))
    await page.goto(`${ORIGIN}/`)
    await page.addScriptTag({ url: `${ORIGIN}/bench.js` })
    const figures = (await page.evaluate(`(${MEASURE})(${KEYS}, ${NOW})`)) as Figures
    results.push(figures)
    await page.close()
  }
  const times = results.flatMap((r) => r.times)
  const avg = (pick: (r: (typeof results)[number]) => number) =>
    results.reduce((s, r) => s + pick(r), 0) / results.length
  console.log(`one arrow key in the month grid (${KEYS} keys x ${RUNS} pages):`)
  console.log(`  render passes per key:      ${avg((r) => r.passes).toFixed(2)}`)
  console.log(`  component renders per key:  ${avg((r) => r.renders).toFixed(2)}`)
  console.log(`  Intl.DateTimeFormat per key: ${avg((r) => r.formatters).toFixed(1)}`)
  console.log(
    `  time per key: median ${quantile(times, 0.5).toFixed(2)} ms, p90 ${quantile(times, 0.9).toFixed(2)} ms`,
  )
} finally {
  await browser.close()
}
