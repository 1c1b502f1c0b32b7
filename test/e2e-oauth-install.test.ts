/**
 * The Marketplace app's install in a real browser, against the demo in Marketplace mode with nothing installed, at
 * the pinned instant: the widget says booking is not available; the site owner follows the panel's "Install the
 * app" to the sandbox's choose-location page, picks Sandbox Studio, lands on the proxy's callback page, and back on
 * the demo page the widget books (the appointment and its opportunity in the sandbox). The panel's "Uninstall"
 * makes it not available again, and a second install makes it book again. A state edited in the callback URL gets
 * the proxy's 400 page, and its code is not exchanged.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Locator, Page } from 'playwright-core'
import { missingChromium } from './e2e/browser.ts'
import { useDemoAndBrowser } from './e2e/demo-and-browser.ts'
import {
  appointmentsAt,
  bookButton,
  confirmation,
  fillDetails,
  freeDays,
  inlineWidget,
  isFocused,
  lastSelectedStart,
  slotButtons,
  until,
  visit,
} from './e2e/widget.ts'
import { TEST_NOW } from './support/dates.ts'

const CALENDAR = 'cal-consultation'
const UNAVAILABLE = 'Online booking is not available on this page.'

describe(
  'installing the Marketplace app from the demo page',
  { skip: missingChromium(), timeout: 90_000 },
  () => {
    const { demo, browser } = useDemoAndBrowser(TEST_NOW, { tokens: 'marketplace-not-installed' })
    const tokenCalls = () =>
      demo()
        .sandbox.requests()
        .filter((r) => r.path === '/oauth/token').length
    const panel = (page: Page): Locator => page.getByRole('region', { name: 'Marketplace app' })
    const unavailable = (page: Page) => inlineWidget(page).getByRole('heading', { name: UNAVAILABLE })

    /** From the demo page: "Install the app", then Sandbox Studio on the choose-location page, by keyboard or mouse. */
    async function install(page: Page, how: 'keyboard' | 'mouse') {
      await Promise.all([
        page.waitForURL((url) => url.pathname === '/v2/oauth/chooselocation'),
        panel(page).getByRole('link', { name: 'Install the app' }).click(),
      ])
      assert.equal(new URL(page.url()).origin, demo().sandboxUrl, "the sandbox's own page, as GHL's")
      const studio = page
        .getByRole('group', { name: 'Choose an account' })
        .getByRole('button', { name: /Sandbox Studio/ })
      const landed = page.waitForURL((url) => url.pathname === '/oauth/callback')
      if (how === 'mouse') await studio.click()
      else {
        for (let i = 0; i < 10 && !(await isFocused(studio)); i++) await page.keyboard.press('Tab')
        assert.ok(await isFocused(studio), 'the keyboard reaches Sandbox Studio')
        await page.keyboard.press('Enter')
      }
      await landed
      // The proxy's page names the account and the sites it serves now.
      await page.getByRole('heading', { name: 'Connected' }).waitFor()
      const text = await page.locator('body').innerText()
      assert.match(text, /installed on the location loc-sandbox/)
      assert.match(text, /demo: location loc-sandbox/)
      assert.equal(
        new URL(page.url()).origin,
        demo().url,
        "the proxy's callback, the registered redirect URI",
      )
    }

    /** Books the first free time of the inline widget; returns the slot's start. */
    async function book(page: Page, email: string) {
      const widget = inlineWidget(page)
      await freeDays(widget).first().waitFor()
      await slotButtons(widget).first().click()
      const start = await lastSelectedStart(page)
      await fillDetails(widget, { firstName: 'Grace', lastName: 'Hopper', email })
      const answer = page.waitForResponse(
        (r) => r.request().method() === 'POST' && r.url().endsWith('/bookings'),
      )
      await bookButton(widget).click()
      assert.equal((await answer).status(), 201)
      await confirmation(widget).waitFor()
      const [appointment] = appointmentsAt(demo(), CALENDAR, start)
      assert.ok(appointment, 'the appointment is in the sandbox')
      await until(
        () =>
          demo()
            .sandbox.opportunities()
            .some((o) => o.contactId === appointment.contactId),
        'the booking made its opportunity',
      )
      return start
    }

    it('not installed: not available; installed: books; uninstalled: not available; installed again: books', async () => {
      // The site owner opens the demo as `npm run demo` prints it, on localhost; the callback is on 127.0.0.1.
      const site = { url: demo().url.replace('127.0.0.1', 'localhost'), clock: demo().clock }
      const { context, page } = await visit(site, browser())
      try {
        await unavailable(page).waitFor()
        await panel(page).getByText('Not installed').waitFor()
        assert.equal(tokenCalls(), 0)

        await install(page, 'keyboard')
        assert.equal(tokenCalls(), 1, 'the code was exchanged once')
        await page.goto(`${demo().url}/`)
        const first = await book(page, 'grace@example.com')
        await panel(page)
          .getByText(/Sandbox Studio \(loc-sandbox\) · location · token expires .* · refreshed 0 times/)
          .waitFor()

        await panel(page).getByRole('button', { name: 'Uninstall' }).click()
        await panel(page)
          .getByRole('status')
          .getByText(/^Uninstalled/)
          .waitFor()
        await demo().sandbox.settle()
        await page.reload()
        await unavailable(page).waitFor()
        await panel(page).getByText('Not installed').waitFor()

        await install(page, 'mouse')
        assert.equal(tokenCalls(), 2)
        await page.goto(`${demo().url}/`)
        const second = await book(page, 'grace.hopper@example.com')
        assert.notEqual(second, first, 'the first booking took its time')
      } finally {
        await context.close()
      }
    })

    it('a state edited in the callback URL: the proxy’s 400 page, and the code is not exchanged', async () => {
      const { context, page } = await visit(demo(), browser())
      try {
        // Hold GHL's redirect back, as a person who copies the callback URL before the browser follows it.
        let callback = ''
        await page.route(
          (url) => url.pathname === '/v2/oauth/chooselocation',
          async (route) => {
            if (route.request().method() !== 'POST') return route.continue()
            const answer = await route.fetch({ maxRedirects: 0 })
            callback = answer.headers()['location'] ?? ''
            await route.fulfill({ status: 200, contentType: 'text/plain', body: 'held' })
          },
        )
        await panel(page).getByRole('link', { name: 'Install the app' }).click()
        await page
          .getByRole('group', { name: 'Choose an account' })
          .getByRole('button', { name: /Sandbox Studio/ })
          .click()
        await until(() => callback !== '', 'the choose-location page redirected')
        const calls = tokenCalls()

        const edited = new URL(callback)
        const state = edited.searchParams.get('state')!
        const at = Math.floor(state.length / 2)
        edited.searchParams.set(
          'state',
          state.slice(0, at) + (state[at] === 'A' ? 'B' : 'A') + state.slice(at + 1),
        )
        const refused = await page.goto(edited.href)
        assert.equal(refused?.status(), 400)
        await page.getByRole('heading', { name: 'The install could not be checked' }).waitFor()
        assert.match(await page.locator('body').innerText(), /not one this proxy signed/)
        assert.equal(tokenCalls(), calls, 'no token exchange')

        // The code was real and is still unused: the callback as GHL sent it completes the install.
        const accepted = await page.goto(callback)
        assert.equal(accepted?.status(), 200)
        assert.equal(tokenCalls(), calls + 1)
      } finally {
        await context.close()
      }
    })
  },
)
