/**
 * One measured page load for `npm run bench:first-slot`: a host page with the widget (or the same page without
 * it), in a new browser context (cold HTTP cache, no shared connection), optionally under emulated network
 * conditions through the DevTools protocol. Reports, from the page's own Resource Timing, when the script request
 * started, when the first free time was visible, the bytes on the wire before then and the sequential round trips.
 */
import type { Browser } from 'playwright-core'
import { newVisitor } from '../test/e2e/browser.ts'

/** A network profile: null for loopback as it is. */
export type Network = { name: string; latencyMs: number; downMbit: number; upMbit: number } | null

/** What one load measured, in ms since navigation start unless named otherwise. */
export interface Load {
  /** The page's load event (the baseline's figure). */
  loadMs: number
  /** The first frame showing a time button; undefined for the page without the widget. */
  firstSlotMs?: number
  /** The script request's start. */
  scriptStartMs?: number
  /** Transfer sizes (headers and encoded bodies) of the widget's requests that ended before the first free time. */
  bytes?: number
  /** The longest chain of those requests in which each starts after the one before it ended. */
  roundTrips?: number
  /** The URLs of those requests, path only. */
  requests?: string[]
}

/** A host page: some text, and the widget's script tag in the booking section unless `widget` is false. */
export function hostPage(options: { widget: boolean; locale: string }): string {
  const tag = options.widget
    ? `<script src="/widget.js" data-site="demo" data-calendar="cal-consultation" data-locale="${options.locale}" async></script>`
    : ''
  return `<!doctype html><html lang="${options.locale}"><head><meta charset="utf-8"><title>Physio</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head><body>
<h1>Physiotherapy on Main Street</h1><p>${'Sports injuries, back pain and rehabilitation. '.repeat(20)}</p>
<section id="book"><h2>Book</h2>${tag}</section></body></html>`
}

/**
 * Runs in the page before its scripts: every animation frame, looks through the open shadow roots below `#book`
 * for a rendered time button (`part="slot"`, the styling hook the widget documents) and keeps the frame's time. Plain JavaScript in a string: a
 * function would be rewritten by the TypeScript loader with helpers the page does not have.
 */
const WATCH_FIRST_SLOT = `(() => {
  const hasSlot = (root) => {
    for (const element of root.querySelectorAll('*')) {
      if (element.shadowRoot && hasSlot(element.shadowRoot)) return true
      if (element.tagName === 'BUTTON' && element.getAttribute('part') === 'slot' &&
        element.getClientRects().length > 0) return true
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

/** Requests of the widget (everything but the page) that ended by `until`, with their timings. */
type Entry = { name: string; startTime: number; responseEnd: number; transferSize: number }

/** The longest chain of requests where each started after the previous one ended. */
function chainLength(entries: Entry[]): number {
  const depth = new Map<Entry, number>()
  for (const entry of [...entries].sort((a, b) => a.startTime - b.startTime)) {
    const before = entries.filter((e) => e !== entry && e.responseEnd <= entry.startTime)
    depth.set(entry, 1 + Math.max(0, ...before.map((e) => depth.get(e) ?? 0)))
  }
  return Math.max(0, ...depth.values())
}

/** Loads `page` (served at `origin`/bench.html) in a new context on `network`, and measures it. */
export async function measureLoad(
  browser: Browser,
  origin: string,
  page: string,
  network: Network,
): Promise<Load> {
  const context = await newVisitor(browser)
  try {
    const url = `${origin}/bench.html`
    // The host page comes from here, not the proxy: the document is the host's, the rest is the widget's.
    await context.route(url, (route) =>
      route.fulfill({ contentType: 'text/html; charset=utf-8', body: page }),
    )
    await context.addInitScript({ content: WATCH_FIRST_SLOT })
    const tab = await context.newPage()
    if (network) {
      const cdp = await context.newCDPSession(tab)
      await cdp.send('Network.enable')
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: network.latencyMs,
        downloadThroughput: (network.downMbit * 1_000_000) / 8,
        uploadThroughput: (network.upMbit * 1_000_000) / 8,
      })
    }
    await tab.goto(url, { waitUntil: 'load' })
    const hasWidget = page.includes('widget.js')
    if (hasWidget)
      await tab.waitForFunction(
        () => (window as unknown as { firstSlotMs?: number }).firstSlotMs,
        undefined,
        {
          timeout: 20_000,
        },
      )
    const measured = await tab.evaluate(() => ({
      loadMs: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd,
      firstSlotMs: (window as unknown as { firstSlotMs?: number }).firstSlotMs,
      entries: performance.getEntriesByType('resource').map((e) => {
        const r = e as PerformanceResourceTiming
        return {
          name: r.name,
          startTime: r.startTime,
          responseEnd: r.responseEnd,
          transferSize: r.transferSize,
        }
      }),
    }))
    if (!hasWidget) return { loadMs: measured.loadMs }
    const firstSlotMs = measured.firstSlotMs!
    // The browser's own favicon request is not the widget's.
    const before = measured.entries.filter(
      (e) => e.responseEnd <= firstSlotMs && new URL(e.name).pathname !== '/favicon.ico',
    )
    const script = measured.entries.find((e) => new URL(e.name).pathname === '/widget.js')!
    return {
      loadMs: measured.loadMs,
      firstSlotMs,
      scriptStartMs: script.startTime,
      bytes: before.reduce((sum, e) => sum + e.transferSize, 0),
      roundTrips: chainLength(before),
      requests: before.map((e) => new URL(e.name).pathname),
    }
  } finally {
    await context.close()
  }
}
