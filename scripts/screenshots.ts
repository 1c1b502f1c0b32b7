/**
 * `npm run screenshots`: the README's pictures of the widget, taken from the demo in headless Chromium and
 * written to `docs/screenshots/`: the month view, a day's times, the details form, the confirmation, the
 * popup dialog and the dark theme (from the embed builder). Each is clipped to the widget, about 800 px wide.
 */
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Browser, Locator, Page } from 'playwright-core'
import type { Demo } from '../demo/server.ts'
import { newVisitor } from '../test/e2e/browser.ts'
import { withDemoAndBrowser } from '../test/e2e/demo-and-browser.ts'
import {
  bookButton,
  confirmation,
  fillDetails,
  freeDays,
  inlineWidget,
  popupButton,
  slotButtons,
} from '../test/e2e/widget.ts'

const OUT = fileURLToPath(new URL('../docs/screenshots/', import.meta.url))

/** Saves a PNG of `target`, animations stopped and the caret hidden. */
async function shoot(target: Locator, name: string) {
  const path = `${OUT}${name}.png`
  await target.screenshot({ path, animations: 'disabled', caret: 'hide' })
  console.log(`  docs/screenshots/${name}.png`)
}

/**
 * Saves a PNG of the widget inside `scope` with a margin of the page around it: the box of the first element
 * in the first shadow root below `scope`, whatever the widget's markup inside.
 */
async function shootWidget(page: Page, scope: Locator, name: string, margin = 16) {
  await scope.scrollIntoViewIfNeeded()
  const box = await scope.evaluate((element) => {
    const host = [element, ...element.querySelectorAll('*')].find((e) => e.shadowRoot)
    const rect = (host?.shadowRoot?.firstElementChild ?? element).getBoundingClientRect()
    return { x: rect.x + scrollX, y: rect.y + scrollY, width: rect.width, height: rect.height }
  })
  const path = `${OUT}${name}.png`
  await page.screenshot({
    path,
    fullPage: true,
    animations: 'disabled',
    caret: 'hide',
    clip: {
      x: Math.max(0, box.x - margin),
      y: Math.max(0, box.y - margin),
      width: box.width + 2 * margin,
      height: box.height + 2 * margin,
    },
  })
  console.log(`  docs/screenshots/${name}.png`)
}

/** Waits until the widget's fonts and layout have settled for the next frame. */
const settle = (page: Page) =>
  page.evaluate(() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(r))))

/** Takes every picture, one browser context per page. */
async function shootAll(demo: Demo, browser: Browser) {
  mkdirSync(OUT, { recursive: true })
  // The demo page's column is about 800 px wide at this viewport.
  const context = await newVisitor(browser, { viewport: { width: 1280, height: 1000 } })
  const page = await context.newPage()
  await page.goto(`${demo.url}/`)
  const widget = inlineWidget(page)
  await slotButtons(widget).first().waitFor()
  await settle(page)
  await shootWidget(page, widget, 'month-view')

  await widget.getByRole('button', { name: 'Next month' }).click()
  await freeDays(widget).nth(2).click()
  await slotButtons(widget).first().waitFor()
  await settle(page)
  await shootWidget(page, widget, 'day-slots')

  await slotButtons(widget).nth(3).click()
  await fillDetails(widget, { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' })
  await widget.getByLabel(/^Notes/).fill('Knee pain after running.')
  await page.mouse.click(1, 1)
  await settle(page)
  await shootWidget(page, widget, 'form')

  await bookButton(widget).click()
  await confirmation(widget).waitFor()
  await settle(page)
  await shootWidget(page, widget, 'confirmation')

  await popupButton(page).click()
  const dialog = page.getByRole('dialog')
  await slotButtons(dialog).first().waitFor()
  await settle(page)
  await shoot(dialog, 'popup')
  await context.close()

  const builder = await newVisitor(browser, { viewport: { width: 1280, height: 1000 } })
  const builderPage = await builder.newPage()
  await builderPage.goto(`${demo.url}/builder.html`)
  await builderPage.getByLabel('Theme').selectOption('dark')
  const preview = builderPage.locator('#preview')
  await slotButtons(preview).first().waitFor()
  await settle(builderPage)
  await shootWidget(builderPage, preview, 'dark-theme')
  await builder.close()
}

await withDemoAndBrowser(shootAll)
