/** Keyboard only: the APG date grid keys, and a booking from first focus to confirmation without a mouse. */
import { expect } from 'chai'
import { sendKeys } from '@web/test-runner-commands'
import { firstFreeDay, received } from './handlers.ts'
import { cleanup, focused, mountWidget, waitFor, type Mounted } from './setup.ts'

afterEach(cleanup)

const press = (key: string) => sendKeys({ press: key })
const day = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)

/** Tabs forward until the focused element in the widget matches, or fails after `max` presses. */
async function tabTo(m: Mounted, matches: (el: HTMLElement) => boolean, max = 15) {
  for (let i = 0; i < max; i++) {
    await press('Tab')
    const el = focused(m)
    if (el && matches(el)) return el
  }
  throw new Error(`no focusable element matched after ${max} tabs; focus is on ${focused(m)?.outerHTML}`)
}

describe('keyboard', () => {
  it('the grid has one tab stop and moves by day, week, week ends and month', async () => {
    const m = mountWidget({ 'week-start': '1' })
    await waitFor(() => m.$('.slot'))
    const first = firstFreeDay()
    expect(m.$$('.day[tabindex="0"]')).to.have.length(1)
    await tabTo(m, (el) => el.dataset.date === first)
    await press('ArrowRight')
    expect(focused(m)!.dataset.date).to.equal(day(first, 1))
    await press('ArrowLeft')
    await press('ArrowDown')
    expect(focused(m)!.dataset.date).to.equal(day(first, 7))
    await press('ArrowUp')
    expect(focused(m)!.dataset.date).to.equal(first)
    await press('End')
    expect(new Date(`${focused(m)!.dataset.date}T00:00:00Z`).getUTCDay()).to.equal(0)
    await press('Home')
    expect(new Date(`${focused(m)!.dataset.date}T00:00:00Z`).getUTCDay()).to.equal(1)
    const before = focused(m)!.dataset.date!
    await press('PageDown')
    await waitFor(() => focused(m)!.dataset.date!.slice(0, 7) !== before.slice(0, 7))
    if (before.slice(8) <= '28') expect(focused(m)!.dataset.date!.slice(8)).to.equal(before.slice(8))
    expect(m.$$('.day[tabindex="0"]')).to.have.length(1)
    await press('PageUp')
    await waitFor(() => focused(m)!.dataset.date === before)
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
