/** The stack an end-to-end suite runs against: one demo (proxy and GHL sandbox) and one Chromium per suite. */
import { after, before } from 'node:test'
import type { Browser } from 'playwright-core'
import { startDemo, type Demo } from '../../demo/server.ts'
import { launchChromium } from './browser.ts'

/** Getters for the suite's demo and browser; they throw if called before the suite's `before` has run. */
export interface DemoAndBrowser {
  demo: () => Demo
  browser: () => Browser
}

/**
 * Registers `before`/`after` hooks in the calling `describe` that start a demo on free ports and launch
 * Chromium, and close both when the suite ends. Getters, because both exist only once `before` has run.
 */
export function useDemoAndBrowser(): DemoAndBrowser {
  let demo: Demo | undefined
  let browser: Browser | undefined

  before(async () => {
    demo = await startDemo({ port: 0, sandboxPort: 0 })
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

function notStarted(what: string): never {
  throw new Error(
    `The ${what} is not started: call it inside a test, after useDemoAndBrowser()'s before hook.`,
  )
}
