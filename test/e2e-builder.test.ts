/**
 * The embed-code builder a site owner uses: the chosen options become the script tag's data attributes, and the
 * live preview mounts the widget with exactly those options. The proxy serves it at /admin/ behind its admin
 * token, with the sites and calendars of its sites file, a warning for a page origin the site does not allow,
 * and a live check of what a visitor on that origin sees. The demo serves the same builder, signed in for you.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import * as v from 'valibot'
import { createClock, createSandbox, SANDBOX } from '../demo/sandbox/index.ts'
import { readBuilderAssets } from '../proxy/src/entries/builder-asset.ts'
import { Site } from '../proxy/src/config/sites.ts'
import { startProxy, type RunningProxy } from '../proxy/src/entries/start.ts'
import { readWidgetAsset } from '../proxy/src/entries/widget-asset.ts'
import { missingChromium } from './e2e/browser.ts'
import { useDemoAndBrowser } from './e2e/demo-and-browser.ts'
import { visit } from './e2e/widget.ts'
import { TEST_NOW } from './support/dates.ts'

const ELSEWHERE = 'https://www.elsewhere.test'
const ADMIN_TOKEN = 'builder-test-token-0123456789'

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
      assert.ok(
        code.startsWith(
          `<link rel="preconnect" href="${demo().url}" crossorigin>\n<script\n  src="${demo().url}/widget.js"`,
        ),
        code,
      )
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

  it('names the calendars as GHL does, warns about an origin the site does not allow, and checks it live', async () => {
    const { context, page } = await visit(demo(), browser(), '/builder.html')
    try {
      const options = page.getByRole('form', { name: 'Widget options' })
      assert.deepEqual(await options.locator('[name=calendar] option').allTextContents(), [
        'Free consultation (30 min)',
        'Strategy session (60 min)',
      ])
      await options.getByLabel("Your page's origin").fill(`${ELSEWHERE}/contact`)
      await page
        .locator('#origin-note')
        .getByText(`${ELSEWHERE} is not in the "origins" of site "demo"`)
        .waitFor()
      assert.ok(
        !((await page.locator('#code').textContent()) ?? '').includes('data-origin'),
        'not a data attribute',
      )

      await page.getByRole('button', { name: 'Check as a visitor' }).click()
      const result = page.locator('#check-result')
      await result
        .getByText(`A visitor on ${ELSEWHERE} sees: Online booking is not available on this page.`)
        .waitFor()
      await result
        .getByText(`GHL booking widget: The page origin ${ELSEWHERE} is not allowed for site "demo"`)
        .waitFor()

      await options.getByLabel("Your page's origin").fill(demo().url)
      await page.locator('#origin-note').getByText(`${demo().url} may embed site "demo".`).waitFor()
      await page.getByRole('button', { name: 'Check as a visitor' }).click()
      await result.getByText(/sees: "Free consultation" with \d+ free times from /).waitFor()
    } finally {
      await context.close()
    }
  })

  describe('served by the proxy behind ADMIN_TOKEN', () => {
    let proxy: RunningProxy
    const sandbox = createSandbox({ clock: createClock({ start: TEST_NOW }) })
    before(async () => {
      const site = v.parse(Site, {
        id: 'acme',
        locationId: SANDBOX.locationId,
        calendars: [SANDBOX.calendars.consultation, 'cal-missing'],
        origins: ['https://www.acme.test'],
      })
      proxy = await startProxy({
        sites: [site],
        tokenFor: () => SANDBOX.token,
        ghlApiBase: 'http://sandbox.test',
        fetch: async (input, init) => sandbox.fetch(new Request(input, init)),
        clock: sandbox.clock.now,
        widget: () => widget,
        admin: { token: ADMIN_TOKEN, assets: readBuilderAssets() },
      })
    })
    after(() => proxy?.close())
    const widget = readWidgetAsset(fileURLToPath(new URL('../dist/widget.js', import.meta.url)))

    it('asks for the token, refuses a wrong one, then lists the sites; a calendar GHL does not know says so', async () => {
      const { context, page } = await visit({ url: proxy.url, clock: sandbox.clock }, browser(), '/admin')
      try {
        const login = page.getByRole('form', { name: 'Admin token' })
        await login.getByLabel(/Admin token/).fill('not-the-admin-token-at-all')
        await login.getByRole('button', { name: 'Open the builder' }).click()
        await login.getByText('This is not the admin token the proxy was started with').waitFor()
        assert.equal(await page.getByRole('form', { name: 'Widget options' }).isVisible(), false)

        await login.getByLabel(/Admin token/).fill(ADMIN_TOKEN)
        await login.getByRole('button', { name: 'Open the builder' }).click()
        const options = page.getByRole('form', { name: 'Widget options' })
        await options.waitFor()
        assert.deepEqual(await options.locator('[name=calendar] option').allTextContents(), [
          'Free consultation (30 min)',
          'cal-missing (cannot be shown)',
        ])
        // The preview on the builder's own page asks the proxy without an Origin (same origin): it works.
        await page.locator('#preview').getByRole('heading', { name: 'Free consultation' }).waitFor()

        await options.locator('[name=calendar]').selectOption('cal-missing')
        await page.getByText('GHL does not know the calendar "cal-missing" of site "acme"').first().waitFor()
        await options.getByLabel("Your page's origin").fill('https://www.acme.test')
        await page.getByRole('button', { name: 'Check as a visitor' }).click()
        await page
          .locator('#check-result')
          .getByText('Online booking is not available on this page.')
          .waitFor()
        assert.ok(!(await page.content()).includes(ADMIN_TOKEN), 'the token is not in the page')
      } finally {
        await context.close()
      }
    })

    it('takes the token once from the address fragment and drops it from the address bar', async () => {
      const { context, page } = await visit(
        { url: proxy.url, clock: sandbox.clock },
        browser(),
        `/admin/#token=${ADMIN_TOKEN}`,
      )
      try {
        await page.getByRole('form', { name: 'Widget options' }).waitFor()
        assert.equal(page.url(), `${proxy.url}/admin/`)
        assert.equal(await page.getByRole('form', { name: 'Admin token' }).isVisible(), false)
      } finally {
        await context.close()
      }
    })
  })
})
