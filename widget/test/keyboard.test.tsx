/** Keyboard only: the APG date grid keys, and a booking from first focus to confirmation without a mouse. */
import { expect } from 'chai'
import { sendKeys } from '@web/test-runner-commands'
import { addDays, localDay, TEST_INSTANTS, testTime } from './clock.ts'
import { firstFreeDay, received } from './handlers.ts'
import { cleanup, focused, mountWidget, waitFor, type Mounted } from './setup.ts'

afterEach(cleanup)

const press = (key: string) => sendKeys({ press: key })
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay()
const focusedDate = (m: Mounted) => focused(m)!.dataset.date!
/** The same day of the month `n` months on, clamped to that month's length (what PageUp/PageDown do). */
const shiftMonths = (date: string, n: number) => {
  const target = new Date(Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1 + n, 1))
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate()
  return `${target.toISOString().slice(0, 8)}${String(Math.min(+date.slice(8), last)).padStart(2, '0')}`
}

/** Tabs forward until the focused element in the widget matches, or fails after `max` presses. */
async function tabTo(m: Mounted, matches: (el: HTMLElement) => boolean, max = 15) {
  for (let i = 0; i < max; i++) {
    await press('Tab')
    const el = focused(m)
    if (el && matches(el)) return el
  }
  throw new Error(`no focusable element matched after ${max} tabs; focus is on ${focused(m)?.outerHTML}`)
}

for (const instant of TEST_INSTANTS) {
  describe(`keyboard at ${instant.iso}`, () => {
    beforeEach(() => {
      testTime.now = instant.now
    })

    it('the grid has one tab stop and moves by day, week, week ends and month', async () => {
      const m = mountWidget({ 'week-start': '1' })
      await waitFor(() => m.$('.slot'))
      const first = firstFreeDay()
      expect(m.$$('.day[tabindex="0"]')).to.have.length(1)
      await tabTo(m, (el) => el.dataset.date === first)
      await press('ArrowRight')
      expect(focusedDate(m)).to.equal(addDays(first, 1))
      await press('ArrowLeft')
      await press('ArrowDown')
      expect(focusedDate(m)).to.equal(addDays(first, 7))
      await press('ArrowUp')
      expect(focusedDate(m)).to.equal(first)
      await press('End')
      const sunday = addDays(first, (7 - weekday(first)) % 7)
      await waitFor(() => focusedDate(m) === sunday)
      // Home goes to the week's Monday, or to today when that Monday has passed.
      const monday = addDays(sunday, -6)
      const today = localDay(instant.now, 'UTC')
      await press('Home')
      await waitFor(() => focusedDate(m) === (monday < today ? today : monday))
      const before = focusedDate(m)
      await press('PageDown')
      await waitFor(() => focusedDate(m) === shiftMonths(before, 1))
      expect(m.$$('.day[tabindex="0"]')).to.have.length(1)
      await press('PageUp')
      await waitFor(() => focusedDate(m) === shiftMonths(shiftMonths(before, 1), -1))
    })

    it('books from first focus to confirmation with the keyboard alone', async () => {
      const m = mountWidget({ 'hour-cycle': 'h23' })
      await waitFor(() => m.$('.slot'))
      const first = firstFreeDay()
      await tabTo(m, (el) => el.dataset.date === first)
      await press('ArrowRight')
      await press('ArrowLeft')
      await press('Enter')
      await waitFor(() => focused(m)?.id === 'slots')
      await tabTo(m, (el) => el.classList.contains('slot'))
      await press('Enter')
      await waitFor(() => focused(m)?.textContent === 'Your details')
      await tabTo(m, (el) => el.id === 'firstName')
      await sendKeys({ type: 'Ada' })
      await press('Tab')
      await sendKeys({ type: 'Lovelace' })
      await press('Tab')
      await sendKeys({ type: 'ada@example.com' })
      await tabTo(m, (el) => el.getAttribute('type') === 'submit')
      await press('Enter')
      await waitFor(() => focused(m)?.textContent === 'You are booked')
      expect(received.bookings[0]!.body.contact.firstName).to.equal('Ada')
      expect(received.bookings[0]!.body.start).to.equal(`${first}T09:00:00+00:00`)
    })
  })
}

describe('keyboard at the start of a month', () => {
  it('at the start of a month, Home and the arrows stop at today instead of leaving the bookable days', async () => {
    // Wednesday 1 September 2027: the week began on Monday 30 August, before today and in another month.
    testTime.now = Date.parse('2027-09-01T12:00:00Z')
    const m = mountWidget({ 'week-start': '1' }, { now: () => testTime.now })
    await waitFor(() => m.$('.slot'))
    expect(m.$('[aria-current=date]').dataset.date).to.equal('2027-09-01')
    await tabTo(m, (el) => el.dataset.date === '2027-09-02')
    await press('Home')
    await waitFor(() => focusedDate(m) === '2027-09-01')
    expect(m.$('#month').textContent).to.equal('September 2027')
    await press('ArrowLeft')
    await press('ArrowUp')
    await press('PageUp')
    expect(focusedDate(m)).to.equal('2027-09-01')
    expect(m.$('#month').textContent).to.equal('September 2027')
    await press('End')
    await waitFor(() => focusedDate(m) === '2027-09-05')
    await press('Home')
    await waitFor(() => focusedDate(m) === '2027-09-01')
  })
})
