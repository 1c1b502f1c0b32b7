/**
 * A booking managed through its link in a real browser against the whole stack (the demo page, the proxy with
 * booking links on, the GHL sandbox), at the pinned instant: booked, its link opened from the confirmation,
 * rescheduled with the keyboard alone, cancelled with the mouse, and its time free again for the next visitor.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { missingChromium } from './e2e/browser.ts'
import { useDemoAndBrowser } from './e2e/demo-and-browser.ts'
import { TEST_NOW } from './support/dates.ts'
import {
  appointmentsAt,
  bookButton,
  confirmation,
  eventsOf,
  fillDetails,
  inlineWidget,
  isFocused,
  lastSelectedStart,
  loose,
  openDay,
  plain,
  shownDay,
  slotButtons,
  tabTo,
  until,
  visit,
} from './e2e/widget.ts'

const CALENDAR = 'cal-consultation'

describe('managing a booking through its link', { skip: missingChromium(), timeout: 120_000 }, () => {
  const { demo, browser } = useDemoAndBrowser(TEST_NOW)

  it('books, opens the link, reschedules with the keyboard, cancels with the mouse, and the time is free again', async () => {
    const { context, page } = await visit(demo(), browser(), '/')
    try {
      const widget = inlineWidget(page)
      await slotButtons(widget).first().waitFor()
      const bookedDay = await shownDay(widget)
      await slotButtons(widget).first().click()
      const start = await lastSelectedStart(page)
      await fillDetails(widget, { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' })
      await bookButton(widget).click()
      await confirmation(widget).waitFor()
      assert.equal(appointmentsAt(demo(), CALENDAR, start).length, 1)
      const booked = (await eventsOf(page)).find((e) => e.type === 'ghl-booking:booked')
      assert.equal(booked?.detail?.start, start)
      assert.ok(
        !('manageToken' in booked.detail!),
        'the booked event carries no link: a credential has no place in analytics',
      )

      // The confirmation's link, and the calendar file's URL and description, lead to the demo page with the token.
      const link = widget.getByRole('link', { name: 'Reschedule or cancel' })
      const href = (await link.getAttribute('href'))!
      const url = new URL(href)
      assert.equal(url.origin + url.pathname, `${demo().url}/`)
      assert.match(url.searchParams.get('ghl-booking') ?? '', /^[A-Za-z0-9_-]{30,}$/)
      const ics = decodeURIComponent(
        (await widget.getByRole('link', { name: 'Apple or Outlook (.ics)' }).getAttribute('href'))!,
      ).replace(/\r\n[ \t]/g, '')
      assert.ok(ics.includes(`\r\nURL:${href}\r\n`), 'the .ics file carries the link as URL')
      assert.ok(ics.includes(`Reschedule or cancel: ${href}`), 'and in its description')

      await link.click()
      await page.waitForURL(href)
      const heading = (name: string) => widget.getByRole('heading', { name, level: 2 })
      await heading('Your appointment').waitFor()
      const card = plain(await widget.locator('dl').innerText())
      assert.ok(card.includes(plain(bookedDay)), `the summary names ${bookedDay}: ${card}`)

      // Reschedule with the keyboard alone: Tab and Enter; the grid opens on the booked day, its time marked.
      await tabTo(page, widget.getByRole('button', { name: 'Reschedule' }))
      await page.keyboard.press('Enter')
      await until(() => isFocused(heading('Choose a new time')), 'the new screen heading takes the focus')
      await widget.getByText('Your current time').waitFor()
      const later = slotButtons(widget).last()
      await later.waitFor()
      const newTime = plain(await later.innerText())
      await tabTo(page, later)
      await page.keyboard.press('Enter')
      await until(
        () => isFocused(heading('Move your appointment?')),
        'the confirmation heading takes the focus',
      )
      await tabTo(page, widget.getByRole('button', { name: 'Confirm the new time' }))
      await page.keyboard.press('Enter')
      await until(
        () => isFocused(heading('Your appointment is moved')),
        'the success heading takes the focus',
      )

      const moved = (await eventsOf(page)).find((e) => e.type === 'ghl-booking:rescheduled')
      const newStart = String(moved?.detail?.start)
      assert.notEqual(Date.parse(newStart), Date.parse(start))
      assert.equal(appointmentsAt(demo(), CALENDAR, start).length, 0, 'the old time is no longer held')
      assert.equal(appointmentsAt(demo(), CALENDAR, newStart).length, 1, 'the new time is held')

      // Cancel with the mouse, with a reason.
      await widget.getByRole('button', { name: 'Cancel appointment' }).click()
      await heading('Cancel this appointment?').waitFor()
      await widget.getByLabel('Reason for cancelling').click()
      await page.keyboard.type('Something came up')
      await widget.getByRole('button', { name: 'Yes, cancel it' }).click()
      await heading('Your appointment is cancelled').waitFor()
      const cancelled = (await eventsOf(page)).find((e) => e.type === 'ghl-booking:cancelled')
      assert.equal(cancelled?.detail?.status, 'cancelled')
      assert.equal(appointmentsAt(demo(), CALENDAR, newStart).length, 0, 'the cancelled time is held no more')

      // The next visitor is offered the time again.
      const next = await visit(demo(), browser(), '/')
      try {
        const other = inlineWidget(next.page)
        await slotButtons(other).first().waitFor()
        await openDay(other, bookedDay)
        await slotButtons(other)
          .filter({ hasText: new RegExp(`^${loose(newTime)}$`) })
          .waitFor()
      } finally {
        await next.context.close()
      }
    } finally {
      await context.close()
    }
  })
})
