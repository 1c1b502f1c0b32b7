/**
 * The embed-code builder a site owner uses: the chosen options become the script tag's data attributes, and the
 * live preview mounts the widget with exactly those options.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { missingChromium } from './e2e/browser.ts'
import { useDemoAndBrowser } from './e2e/demo-and-browser.ts'
import { visit } from './e2e/widget.ts'

describe('the embed-code builder', { skip: missingChromium(), timeout: 60_000 }, () => {
  const { demo, browser } = useDemoAndBrowser()

  it('turns the options into a script tag and previews that widget live', async () => {
    const { context, page } = await visit(demo(), browser(), '/builder.html')
    try {
      const options = page.getByRole('form', { name: 'Widget options' })
      await options.locator('[name=calendar]').selectOption('cal-session')
      await options.locator('[name=mode]').selectOption('popup')
      await options.locator('[name=button-text]').fill('Reserve a session')
      await options.locator('[name=locale]').selectOption('de')
      await options.locator('[name=prefill-email]').fill('ada@example.com')

      const code = (await page.locator('#code').textContent()) ?? ''
      assert.ok(code.startsWith(`<script\n  src="${demo().url}/widget.js"`), code)
      for (const attribute of [
        'data-site="demo"',
        'data-calendar="cal-session"',
        'data-mode="popup"',
        'data-button-text="Reserve a session"',
        'data-locale="de"',
        'data-prefill-email="ada@example.com"',
      ]) {
        assert.ok(code.includes(attribute), `${attribute} missing from\n${code}`)
      }
      // Defaults are left out, so the tag stays short.
      assert.ok(!code.includes('data-theme'), code)

      const preview = page.locator('#preview')
      await preview.getByRole('button', { name: 'Reserve a session' }).click()
      const dialog = preview.getByRole('dialog')
      await dialog.getByRole('heading', { name: 'Strategy session' }).waitFor()
      // In German, as chosen.
      await dialog.getByRole('button', { name: 'Nächster Monat' }).waitFor()
    } finally {
      await context.close()
    }
  })
})
