/**
 * The states gallery in Chromium: every state passes axe in light, dark (the gallery's dark figures) and forced
 * colours (emulated through the DevTools protocol), at a desktop width and on a 320 px phone, where nothing
 * scrolls sideways; and the popup is a full-screen sheet on a phone, with targets of at least 44 px.
 */
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { missingChromium, newVisitor } from './e2e/browser.ts'
import { useDemoAndBrowser } from './e2e/demo-and-browser.ts'
import { popupButton, slotButtons, visit } from './e2e/widget.ts'

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

/** Runs axe over every figure of the gallery; resolves with one line per violation. */
async function axeViolations(page: Page, forced: boolean): Promise<string[]> {
  await page.addScriptTag({ path: AXE })
  const rules = forced ? "{ 'color-contrast': { enabled: false } }" : '{}'
  return page.evaluate(`(async () => {
    const found = []
    for (const figure of document.querySelectorAll('figure')) {
      const result = await axe.run(figure, { resultTypes: ['violations'], rules: ${rules} })
      for (const v of result.violations)
        found.push(figure.id + ': ' + v.id + ' ' + v.nodes.map((n) => n.target.join(' ')).join(', '))
    }
    return found
  })()`)
}

describe('the states gallery', { skip: missingChromium(), timeout: 120_000 }, () => {
  const { demo, browser } = useDemoAndBrowser()

  for (const [name, options] of [
    ['light and dark, 1280 px', { viewport: { width: 1280, height: 900 } }],
    ['forced colours, 1280 px', { viewport: { width: 1280, height: 900 }, forcedColors: 'active' as const }],
    ['320 px phone', { viewport: { width: 320, height: 640 }, hasTouch: true }],
  ] as const) {
    it(`every state passes axe: ${name}`, async () => {
      // The gallery's CSP allows no inline script, which is how axe is added.
      const context = await newVisitor(browser(), {
        timezoneId: 'Europe/Madrid',
        locale: 'en-GB',
        bypassCSP: true,
        ...options,
      })
      try {
        const page = await context.newPage()
        await page.goto(`${demo().url}/demo/gallery.html`)
        await page.locator('body[data-ready=true]').waitFor()
        // Under forced colours the colours are the visitor's own theme: contrast is not the page's to meet.
        assert.deepEqual(await axeViolations(page, 'forcedColors' in options), [])
        if (options.viewport.width === 320) {
          // WCAG reflow: at 320 px the page never scrolls sideways, whatever state a widget is in.
          const overflow = await page.evaluate('document.documentElement.scrollWidth')
          assert.ok((overflow as number) <= 320, `the page is ${overflow} px wide`)
        }
      } finally {
        await context.close()
      }
    })
  }

  it('on a phone the popup is a full-screen sheet that closes on Escape', async () => {
    const { context, page } = await visit(demo(), browser(), '/', {
      viewport: { width: 375, height: 700 },
      hasTouch: true,
    })
    try {
      await popupButton(page).click()
      const dialog = page.getByRole('dialog')
      await slotButtons(dialog).first().waitFor()
      const box = (await dialog.boundingBox())!
      assert.deepEqual([box.x, box.y, box.width, box.height], [0, 0, 375, 700])
      // The widget's card fills the sheet from its top edge: no strip of the page above it.
      assert.equal(await dialog.evaluate((d) => d.firstElementChild!.getBoundingClientRect().top), 0)
      // A touch screen: every day and time is at least 44 by 44 px.
      const sizes = await dialog
        .locator('[part=day], [part=slot]')
        .evaluateAll((all) =>
          all.map((b) => [b.getBoundingClientRect().width, b.getBoundingClientRect().height]),
        )
      assert.ok(Math.min(...sizes.flat()) >= 44, `smallest target: ${Math.min(...sizes.flat())} px`)
      const scrollWidth = await dialog.evaluate((d) => d.scrollWidth - d.clientWidth)
      assert.equal(scrollWidth, 0, 'the sheet does not scroll sideways')
      await page.keyboard.press('Escape')
      await dialog.waitFor({ state: 'hidden' })
    } finally {
      await context.close()
    }
  })
})
