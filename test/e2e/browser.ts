/**
 * The browser for the end-to-end tests, the benchmark and the screenshots: Debian's Chromium driven by
 * playwright-core (which never downloads a browser), with the flags this closed network needs.
 */
import { existsSync } from 'node:fs'
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs'

/** Why the browser cannot run here, or undefined when it can; tests skip with this message. */
export function missingChromium(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined
  return `Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`
}

/** Launches headless Chromium. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] })
}

/** The visitor a test plays unless it names a zone: New York, the sandbox location's own zone. */
export const VISITOR = {
  timezoneId: 'America/New_York',
  locale: 'en-US',
  viewport: { width: 1280, height: 900 },
  reducedMotion: 'reduce',
} as const satisfies BrowserContextOptions

/** A new browser context (own cookies, storage and HTTP cache) for one visitor. */
export async function newVisitor(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({ ...VISITOR, ...options })
  // Well below node:test's timeout, so a missing element fails with Playwright's message naming it.
  context.setDefaultTimeout(20_000)
  return context
}
