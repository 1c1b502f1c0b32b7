/**
 * The widget on the demo page as a site owner embeds it: the popup mode and the page's event log, and what a
 * visitor sees while GHL fails, with a warm proxy cache and with a cold one; and on a page the site does not list.
 */
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, it } from 'node:test'
import { startDemo } from '../demo/server.ts'
import { missingChromium, newVisitor } from './e2e/browser.ts'
import { useDemoAndBrowser } from './e2e/demo-and-browser.ts'
import { TEST_NOW } from './support/dates.ts'
import {
  appointmentsAt,
  bookButton,
  confirmation,
  contactOf,
  fillDetails,
  inlineWidget,
  lastSelectedStart,
  popupButton,
  shownText,
  slotButtons,
  until,
  visit,
} from './e2e/widget.ts'

describe('the widget on a host page', { skip: missingChromium(), timeout: 60_000 }, () => {
  const { demo, browser } = useDemoAndBrowser()

  it('the popup opens, books and closes; the event log shows ghl-booking:booked with the booking', async () => {
    const alice = { firstName: 'Alice', lastName: 'Ball', email: 'alice@example.com' }
    const { context, page } = await visit(demo(), browser())
    try {
      const dialog = page.getByRole('dialog')
      assert.equal(await dialog.isVisible(), false, 'the dialog is closed before the button is pressed')
      await popupButton(page).click()
      await page.getByRole('dialog', { name: 'Strategy session' }).waitFor()

      await slotButtons(dialog).first().click()
      const start = await lastSelectedStart(page)
      await fillDetails(dialog, alice)
      await bookButton(dialog).click()
      await confirmation(dialog).waitFor()

      const [appointment, ...others] = appointmentsAt(demo(), 'cal-session', start)
      assert.ok(appointment, `the sandbox holds a strategy session at ${start}`)
      assert.equal(others.length, 0)
      assert.equal(contactOf(demo(), appointment.contactId)?.email, alice.email)

      await dialog.getByRole('button', { name: 'Close' }).click()
      await dialog.waitFor({ state: 'hidden' })
      assert.ok(await popupButton(page).isVisible(), 'the open button stays on the page')

      const entry = page.locator('#event-log').getByRole('listitem').filter({ hasText: 'ghl-booking:booked' })
      await entry.waitFor()
      assert.equal(await entry.count(), 1, 'one booking, one booked event')
      const text = await entry.innerText()
      const detail = JSON.parse(text.slice(text.indexOf('{'))) as Record<string, unknown>
      assert.equal(detail.id, appointment.id)
      assert.equal(detail.calendarId, 'cal-session')
      assert.equal(detail.start, start)
      assert.equal(detail.end, appointment.endTime)
    } finally {
      await context.close()
    }
  })

  it('GHL failing with a warm proxy cache: a new visitor still gets the cached times', async () => {
    const first = await visit(demo(), browser())
    let seen: string[]
    try {
      await slotButtons(inlineWidget(first.page)).first().waitFor()
      seen = await slotButtons(inlineWidget(first.page)).allInnerTexts()
    } finally {
      await first.context.close()
    }

    demo().sandbox.setFaults({ errorRate: 1 })
    const failedBefore = demo()
      .sandbox.requests()
      .filter((r) => r.fault).length
    const { context, page } = await visit(demo(), browser())
    try {
      const widget = inlineWidget(page)
      await slotButtons(widget).first().waitFor()
      assert.deepEqual(await slotButtons(widget).allInnerTexts(), seen, 'the same times as before GHL failed')
      assert.equal(
        demo()
          .sandbox.requests()
          .filter((r) => r.fault).length,
        failedBefore,
        'served from the cache without asking GHL',
      )
    } finally {
      demo().sandbox.setFaults({ errorRate: 0 })
      await context.close()
    }
  })

  it('GHL failing with a cold cache: a clear error and a retry that recovers, never a blank widget', async () => {
    const cold = await startDemo({ port: 0, sandboxPort: 0, build: false, now: TEST_NOW })
    cold.sandbox.setFaults({ errorRate: 1 })
    const { context, page } = await visit(cold, browser())
    try {
      const widget = inlineWidget(page)
      const retry = widget.getByRole('button', { name: 'Try again' })
      // The proxy retries GHL a few times with backoff before it gives up.
      await retry.waitFor({ timeout: 20_000 })
      await shownText(widget, /not answering|went wrong/i)
        .first()
        .waitFor()
      assert.equal(await slotButtons(widget).count(), 0)
      assert.ok(
        cold.sandbox.requests().some((r) => r.fault),
        'GHL was asked and failed',
      )

      cold.sandbox.setFaults({ errorRate: 0 })
      await retry.click()
      await slotButtons(widget).first().waitFor({ timeout: 20_000 })
      assert.equal(await retry.count(), 0, 'the error is gone once the times show')
    } finally {
      await context.close()
      await cold.close()
    }
  })

  it('on a page the site does not list, and with a mistyped site: not available, one console line each', async () => {
    // A host page on another port is another origin than the demo's, which the demo site does not list.
    const widget = (site: string) =>
      `<div data-ghl-booking data-site="${site}" data-calendar="cal-consultation" data-proxy="${demo().url}"></div>`
    const html = `<!doctype html><title>Elsewhere</title>${widget('demo')}${widget('dmeo')}<script src="${demo().url}/widget.js"></script>`
    const host = createServer((_, response) =>
      response.writeHead(200, { 'content-type': 'text/html' }).end(html),
    )
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve))
    const origin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`
    const context = await newVisitor(browser())
    await context.clock.install({ time: demo().clock.now() })
    try {
      const page = await context.newPage()
      const logged: string[] = []
      page.on('console', (message) => message.type() === 'error' && logged.push(message.text()))
      await page.goto(`${origin}/`)
      const unavailable = page.getByRole('heading', { name: 'Online booking is not available on this page.' })
      await until(async () => (await unavailable.count()) === 2, 'both widgets say booking is not available')
      assert.equal(await page.getByRole('button').count(), 0, 'nothing to retry')
      // The browser's own lines about the 403 and 404 aside, the widget writes one line each.
      const own = logged.filter((line) => line.startsWith('GHL booking widget:')).sort()
      assert.deepEqual(own, [
        `GHL booking widget: The page origin ${origin} is not allowed for site "demo": add "${origin}" to that site's "origins" in the sites file, then restart the proxy.`,
        `GHL booking widget: There is no site "dmeo" in the proxy's sites file: data-site must be the "id" of a site there.`,
      ])
    } finally {
      await context.close()
      await new Promise((resolve) => host.close(resolve))
    }
  })
})
