/**
 * `npm run screenshots`: the README's pictures of the widget, written to `docs/screenshots/`. Most come from the
 * states gallery (`/demo/gallery.html`: canned data, every state side by side), one figure each, and once more
 * with forced colours emulated; the popup comes from the demo page, on a desktop and on a phone.
 */
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Browser, Locator, Page } from 'playwright-core'
import type { Demo } from '../demo/server.ts'
import { newVisitor } from '../test/e2e/browser.ts'
import { withDemoAndBrowser } from '../test/e2e/demo-and-browser.ts'
import { popupButton, slotButtons } from '../test/e2e/widget.ts'

const OUT = fileURLToPath(new URL('../docs/screenshots/', import.meta.url))

/** Gallery figure id → picture name. */
const FROM_GALLERY: Record<string, string> = {
  'month-and-times': 'month-view',
  'form-with-errors': 'form',
  'booking-on-its-way': 'busy',
  confirmation: 'confirmation',
  'month-on-its-way': 'loading-month',
  'time-zone-picker': 'time-zones',
  'dark-theme-teal-accent': 'dark-theme',
  'dark-theme-confirmation': 'dark-confirmation',
  'arabic-right-to-left': 'rtl-arabic',
  'hebrew-form-right-to-left': 'rtl-hebrew-form',
  'german-320-px': 'narrow-320',
  'failed-to-load': 'failed',
}

/** Saves a PNG of `target`, animations stopped and the caret hidden. */
async function shoot(target: Locator | Page, name: string) {
  await target.screenshot({ path: `${OUT}${name}.png`, animations: 'disabled', caret: 'hide' })
  console.log(`  docs/screenshots/${name}.png`)
}

/** Opens the gallery, every state driven into place. */
async function openGallery(demo: Demo, browser: Browser, forcedColors: 'active' | 'none') {
  const context = await newVisitor(browser, {
    viewport: { width: 1700, height: 1000 },
    timezoneId: 'Europe/Madrid',
    locale: 'en-GB',
    forcedColors,
  })
  const page = await context.newPage()
  await page.goto(`${demo.url}/demo/gallery.html`)
  await page.locator('body[data-ready=true]').waitFor()
  await page.evaluate(() => document.fonts.ready)
  return { context, page }
}

/** Takes every picture. */
async function shootAll(demo: Demo, browser: Browser) {
  mkdirSync(OUT, { recursive: true })
  const gallery = await openGallery(demo, browser, 'none')
  await shoot(gallery.page, 'gallery')
  for (const [id, name] of Object.entries(FROM_GALLERY)) await shoot(gallery.page.locator(`#${id}`), name)
  await gallery.context.close()

  const forced = await openGallery(demo, browser, 'active')
  await shoot(forced.page.locator('#month-and-times'), 'forced-colors')
  await shoot(forced.page.locator('#form-with-errors'), 'forced-colors-form')
  await forced.context.close()

  for (const [name, viewport] of [
    ['popup', { width: 1280, height: 900 }],
    ['popup-phone', { width: 375, height: 740 }],
  ] as const) {
    const context = await newVisitor(browser, { viewport, hasTouch: name === 'popup-phone' })
    const page = await context.newPage()
    await page.goto(`${demo.url}/`)
    await popupButton(page).click()
    await slotButtons(page.getByRole('dialog')).first().waitFor()
    await page.evaluate(() => document.fonts.ready)
    await shoot(page, name)
    await context.close()
  }
}

await withDemoAndBrowser(shootAll)
