/**
 * The month grid at the pinned instant, in each visitor zone (`npm run test:dates` replays this file at month
 * ends, daylight-saving changes, midnights and a leap day): the days it offers, today, and keys that never
 * leave the bookable days.
 */
import { expect } from 'chai'
import { sendKeys } from '@web/test-runner-commands'
import { addDays, localDay, TEST_INSTANTS, testTime } from './clock.ts'
import { calendarInfo, firstFreeDay, SLOT_TIMES } from './handlers.ts'
import { cleanup, focused, mountWidget, waitFor, type Mounted } from './setup.ts'

afterEach(cleanup)

const focusedDate = (m: Mounted) => focused(m)?.dataset.date ?? ''
const LAST_DAY = calendarInfo('cal-1').bookingWindow.maxDaysAhead

for (const { iso, now, zones } of TEST_INSTANTS) {
  for (const zone of zones) {
    describe(`the month grid at ${iso} in ${zone}`, () => {
      beforeEach(() => {
        testTime.now = now
      })
      const today = localDay(now, zone)
      const last = addDays(today, LAST_DAY)

      it("opens on the first free day, marks today and offers that day's times in the visitor's zone", async () => {
        const m = mountWidget({ 'time-zone': zone, 'hour-cycle': 'h23', 'week-start': '1' })
        await waitFor(() => m.$('.slot'))
        const first = firstFreeDay(zone)
        const selected = m.$('[aria-pressed=true]')
        expect(selected.dataset.date).to.equal(first)
        expect(m.$$('.slot').map((slot) => slot.textContent)).to.deep.equal(
          SLOT_TIMES.map(([start]) => start),
        )
        const shown = m.$$('.day').map((day) => day.dataset.date!)
        if (shown.includes(today)) expect(m.$('[aria-current=date]').dataset.date).to.equal(today)
        else expect(m.$$('[aria-current=date]')).to.have.length(0)
        // Nothing before the first free day is offered: not the past, not today.
        const free = m.$$('.day.free').map((day) => day.dataset.date!)
        expect(free.length).to.be.greaterThan(0)
        expect(free.every((day) => day >= first)).to.equal(true)
        const previous = m.$<HTMLButtonElement>(`[aria-label="Previous month"]`)
        expect(previous.disabled).to.equal(first.slice(0, 7) === today.slice(0, 7))
      })

      it('the keys stop at today and at the last bookable day', async () => {
        const m = mountWidget({ 'time-zone': zone, 'week-start': '0' })
        await waitFor(() => m.$('.slot'))
        const first = firstFreeDay(zone)
        for (let i = 0; i < 15 && focusedDate(m) !== first; i++) await sendKeys({ press: 'Tab' })
        expect(focusedDate(m)).to.equal(first)
        for (const key of ['Home', 'ArrowLeft', 'ArrowUp', 'PageUp', 'ArrowLeft', 'Home']) {
          await sendKeys({ press: key })
          await waitFor(() => focusedDate(m))
          expect(focusedDate(m) >= today, `${key} went to ${focusedDate(m)}, before ${today}`).to.equal(true)
        }
        await waitFor(() => focusedDate(m) === today)
        for (let i = 0; i < 5; i++) {
          await sendKeys({ press: 'PageDown' })
          await waitFor(() => focusedDate(m))
          expect(focusedDate(m) <= last, `PageDown went to ${focusedDate(m)}, after ${last}`).to.equal(true)
        }
        await sendKeys({ press: 'End' })
        await sendKeys({ press: 'ArrowDown' })
        await waitFor(() => focusedDate(m) === last)
        expect(m.$<HTMLButtonElement>('[aria-label="Next month"]').disabled).to.equal(true)
      })
    })
  }
}
