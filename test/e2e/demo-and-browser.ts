/**
 * The stack the end-to-end suites, the benchmark and the screenshots run against: one demo (proxy and GHL
 * sandbox) on free ports and one Chromium.
 */
import { after, before } from 'node:test'
import type { Browser } from 'playwright-core'
import { startDemo, type Demo, type DemoOptions } from '../../demo/server.ts'
import { TEST_NOW } from '../support/dates.ts'
import { launchChromium, missingChromium } from './browser.ts'

/** Getters for the suite's demo and browser; they throw if called before the suite's `before` has run. */
export interface DemoAndBrowser {
  demo: () => Demo
  browser: () => Browser
}

/**
 * Registers `before`/`after` hooks in the calling `describe` that start a demo on free ports at the pinned
 * instant (`TEST_NOW`, or `now`) and launch Chromium, and close both when the suite ends. Getters, because both
 * exist only once `before` has run. `options` go to the demo (e.g. `tokens`); default none.
 */
export function useDemoAndBrowser(now = TEST_NOW, options: Pick<DemoOptions, 'tokens'> = {}): DemoAndBrowser {
  let demo: Demo | undefined
  let browser: Browser | undefined

  before(async () => {
    demo = await startDemo({ ...options, port: 0, sandboxPort: 0, now })
    browser = await launchChromium()
  })

  after(async () => {
    await browser?.close()
    await demo?.close()
  })

  return {
    demo: () => demo ?? notStarted('demo'),
    browser: () => browser ?? notStarted('browser'),
  }
}

/**
 * For scripts: runs `body` with a demo and Chromium and closes both afterwards. Without Chromium it prints why
 * and sets a failing exit code instead.
 */
export async function withDemoAndBrowser(
  body: (demo: Demo, browser: Browser) => Promise<void>,
): Promise<void> {
  const missing = missingChromium()
  if (missing) {
    console.error(missing)
    process.exitCode = 1
    return
  }
  const demo = await startDemo({ port: 0, sandboxPort: 0 })
  const browser = await launchChromium()
  try {
    await body(demo, browser)
  } finally {
    await browser.close()
    await demo.close()
  }
}

function notStarted(what: string): never {
  throw new Error(
    `The ${what} is not started: call it inside a test, after useDemoAndBrowser()'s before hook.`,
  )
}
