/**
 * Booking in a real browser against the whole stack: the demo page, the proxy and the GHL sandbox in this
 * process, Chromium driven by playwright-core. With the mouse, with the keyboard alone, and two visitors racing,
 * at the pinned instant in each visitor zone (`npm run test:dates` replays it at many instants).
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Browser, Locator } from 'playwright-core'
import type { Demo } from '../demo/server.ts'
import { missingChromium } from './e2e/browser.ts'
import { useDemoAndBrowser } from './e2e/demo-and-browser.ts'
import { TEST_INSTANTS } from './support/dates.ts'
import {
  appointmentsAt,
  bookButton,
  confirmation,
  contactOf,
  detailsShown,
  eventsOf,
  fillDetails,
  focusedLabel,
  freeDays,
  inlineWidget,
  isFocused,
  lastSelectedStart,
  loose,
  openDay,
  plain,
  selectedDay,
  shownDay,
  shownText,
  slotAt,
  slotButtons,
  slotLabel,
  slotTakenNotice,
  tabTo,
  timeLabel,
  until,
  visit,
  type Details,
} from './e2e/widget.ts'

const CALENDAR = 'cal-consultation'

/** Asserts the sandbox holds exactly one live appointment at `start`, for the contact who typed `details`. */
function assertBookedFor(demo: Demo, start: string, details: Details) {
  const found = appointmentsAt(demo, CALENDAR, start)
  assert.equal(found.length, 1, `one appointment at ${start}; the sandbox has ${found.length}`)
  const contact = contactOf(demo, found[0]!.contactId)
  assert.ok(contact, `the appointment's contact ${found[0]!.contactId} exists`)
  assert.equal(contact.email, details.email)
  assert.equal(contact.firstName, details.firstName)
  assert.equal(contact.lastName, details.lastName)
  return found[0]!
}

/** Opens `dayLabel` and asserts it offers times, but not `time`. */
async function assertNotOffered(widget: Locator, dayLabel: string, time: string, when: string) {
  await slotButtons(widget).first().waitFor()
  await openDay(widget, dayLabel)
  assert.ok((await slotButtons(widget).count()) > 0, `${dayLabel} still has other times ${when}`)
  // The locator finds a time that is offered, so finding none below means something.
  const offered = plain(await slotButtons(widget).first().innerText()).trim()
  assert.equal(await slotAt(widget, offered).count(), 1, `${offered} is found among the offered times`)
  assert.equal(await slotAt(widget, time).count(), 0, `${time} on ${dayLabel} is no longer offered ${when}`)
}

for (const instant of TEST_INSTANTS) {
  describe(
    `booking in a real browser at ${instant.iso}`,
    { skip: missingChromium(), timeout: 60_000 },
    () => {
      const { demo, browser } = useDemoAndBrowser(instant.now)
      for (const zone of instant.zones)
        describe(`a visitor in ${zone}`, () => bookingTests(demo, browser, zone))
    },
  )
}

function bookingTests(demo: () => Demo, browser: () => Browser, zone: string) {
  const visitor = { timezoneId: zone }

  it('books a day and time picked with the mouse, and the time is gone after a reload', async () => {
    const ada = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' }
    const { context, page } = await visit(demo(), browser(), '/', visitor)
    try {
      const widget = inlineWidget(page)
      await slotButtons(widget).first().waitFor()
      // A day other than the one the widget opens on: the first free day of the next month.
      await widget.getByRole('button', { name: 'Next month' }).click()
      const day = freeDays(widget).first()
      const dayNumber = await day.innerText()
      await day.click()
      assert.equal(await selectedDay(widget).innerText(), dayNumber)
      const dayLabel = await shownDay(widget)

      // Its last time: a visitor far from New York may see only one or two on a day.
      const slot = slotButtons(widget).last()
      const time = plain(await slot.innerText())
      await slot.click()
      const start = await lastSelectedStart(page)
      assert.equal(plain(timeLabel(start, zone)), time, `the button ${time} stands for ${start}`)
      await fillDetails(widget, ada)
      await bookButton(widget).click()
      await confirmation(widget).waitFor()
      // The confirmation's summary names the booked day and time.
      const summary = plain(
        await widget.getByRole('definition').filter({ hasText: time }).first().innerText(),
      )
      assert.ok(summary.includes(plain(dayLabel)) && summary.includes(`${time} –`), summary)

      const appointment = assertBookedFor(demo(), start, ada)
      const booked = (await eventsOf(page)).find((e) => e.type === 'ghl-booking:booked')
      assert.equal(booked?.detail?.id, appointment.id)
      assert.equal(booked?.detail?.start, start)

      // Gone for everyone (the proxy's cache was invalidated) and for this visitor after a reload.
      const next = await visit(demo(), browser(), '/', visitor)
      try {
        await assertNotOffered(inlineWidget(next.page), dayLabel, time, 'to a new visitor')
      } finally {
        await next.context.close()
      }
      await page.reload()
      await assertNotOffered(widget, dayLabel, time, 'after a reload')
    } finally {
      await context.close()
    }
  })

  it('books with the keyboard alone: Tab, arrows, Enter and Space', async () => {
    const grace = { firstName: 'Grace', lastName: 'Hopper', email: 'grace@example.com' }
    const { context, page } = await visit(demo(), browser(), '/', visitor)
    try {
      const widget = inlineWidget(page)
      await slotButtons(widget).first().waitFor()
      await tabTo(page, selectedDay(widget))

      // Right arrow to the next day with free times, across a month end if need be.
      let label = await focusedLabel(page)
      for (let i = 0; i < 7; i++) {
        const previous = label
        await page.keyboard.press('ArrowRight')
        await until(async () => {
          label = await focusedLabel(page)
          return label !== previous && !/loading/i.test(label)
        }, `the focus moves on from "${previous}"`)
        if (/, [1-9]\d* free times?$/.test(label)) break
      }
      assert.match(label, /, [1-9]\d* free times?$/, 'a day with free times within a week')
      const dayLabel = label.replace(/(, today)?, \d+ free times?$/, '')
      await page.keyboard.press('Enter')
      const heading = widget.getByRole('heading', { name: `Times on ${dayLabel}` })
      await heading.waitFor()
      await until(() => isFocused(heading), 'the times heading takes the focus')

      const slot = slotButtons(widget).nth(1)
      const time = plain(await slot.innerText())
      await tabTo(page, slot)
      await page.keyboard.press('Space')
      const formHeading = widget.getByRole('heading', { name: 'Your details' })
      await formHeading.waitFor()
      await until(() => isFocused(formHeading), 'the form heading takes the focus')
      const start = await lastSelectedStart(page)
      assert.equal(plain(timeLabel(start, zone)), time)

      await tabTo(page, widget.getByLabel('First name'))
      await page.keyboard.type(grace.firstName)
      await tabTo(page, widget.getByLabel('Last name'))
      await page.keyboard.type(grace.lastName)
      await tabTo(page, widget.getByLabel('E-mail'))
      await page.keyboard.type(grace.email)
      await tabTo(page, widget.getByRole('checkbox'))
      await page.keyboard.press('Space')
      await tabTo(page, bookButton(widget))
      await page.keyboard.press('Enter')

      await confirmation(widget).waitFor()
      await until(() => isFocused(confirmation(widget)), 'the confirmation heading takes the focus')
      assertBookedFor(demo(), start, grace)
    } finally {
      await context.close()
    }
  })

  it('two visitors race for one time: one is booked, the other sees alternatives with the form kept', async () => {
    const visitors: Details[] = [
      { firstName: 'Alan', lastName: 'Turing', email: 'alan@example.com' },
      { firstName: 'Edsger', lastName: 'Dijkstra', email: 'edsger@example.com' },
    ]
    const sessions = await Promise.all(visitors.map(() => visit(demo(), browser(), '/', visitor)))
    try {
      const widgets = sessions.map(({ page }) => inlineWidget(page))
      // Both on the day the widget opens on, both on its last time.
      await slotButtons(widgets[0]!).first().waitFor()
      const times = await Promise.all(
        widgets.map(async (widget) => {
          const slot = slotButtons(widget).last()
          const time = plain(await slot.innerText())
          await slot.click()
          return time
        }),
      )
      assert.equal(times[0], times[1], 'both visitors picked the same time')
      const starts = await Promise.all(sessions.map(({ page }) => lastSelectedStart(page)))
      assert.equal(starts[0], starts[1])
      const start = starts[0]!
      await Promise.all(widgets.map((widget, i) => fillDetails(widget, visitors[i]!)))

      await Promise.all(widgets.map((widget) => bookButton(widget).click()))
      await Promise.all(
        widgets.map((widget) => confirmation(widget).or(slotTakenNotice(widget)).first().waitFor()),
      )
      const won = await Promise.all(widgets.map((widget) => confirmation(widget).isVisible()))
      assert.equal(won.filter(Boolean).length, 1, `exactly one visitor is booked (${won})`)
      const winner = won.indexOf(true)
      const loser = 1 - winner
      assertBookedFor(demo(), start, visitors[winner]!)

      // The loser is offered other times: the rest of that day, or when it was the day's last, the next free day's.
      const other = widgets[loser]!
      assert.ok(await slotTakenNotice(other).isVisible(), 'the other visitor is told the time was taken')
      const alternatives = slotButtons(other)
      await alternatives.first().waitFor()
      const offered = await alternatives.evaluateAll((buttons) =>
        buttons.map((b) => b.getAttribute('aria-label')),
      )
      const taken = slotLabel(start, zone)
      assert.ok(
        offered.every((label) => !plain(label ?? '').startsWith(plain(taken))),
        `the taken time ${taken} is not offered again: ${offered.join(' | ')}`,
      )

      await alternatives.first().click()
      assert.deepEqual(await detailsShown(other), visitors[loser], 'the form kept what was typed')
      await bookButton(other).click()
      await confirmation(other).waitFor()
      assertBookedFor(demo(), await lastSelectedStart(sessions[loser]!.page), visitors[loser]!)
    } finally {
      await Promise.all(sessions.map(({ context }) => context.close()))
    }
  })
}
