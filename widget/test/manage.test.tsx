/**
 * Manage mode, each screen and each refusal: the summary, reschedule (the current time marked, the confirmation
 * step, a taken time), cancel (the reason, the confirmation step), the events, the focus on each new screen's
 * heading, every language and right to left, axe on every screen.
 */
import { expect } from 'chai'
import type { ErrorCode } from '../../contract/schemas.ts'
import { LANGUAGES } from '../../contract/languages.ts'
import { mountManage } from '../src/manage/manage-mode.tsx'
import { testClock, zonedTime } from './clock.ts'
import { catalogs, firstFreeDay } from './handlers.ts'
import { manageFixture, manageHandlers, resetManage, TOKEN } from './manage-handlers.ts'
import { cleanup, expectNoAxeViolations, focused, type Mounted, type, waitFor, worker } from './setup.ts'

afterEach(() => {
  cleanup()
  resetManage()
})
beforeEach(() => worker.use(...manageHandlers))

/** Mounts manage mode for `token` in a new element (site, calendar and UTC by default), recording every event. */
function mountManaged(attributes: Record<string, string> = {}, token = TOKEN): Mounted {
  const host = document.createElement('div')
  for (const [name, value] of Object.entries({
    site: 'acme',
    calendar: 'cal-1',
    'time-zone': 'UTC',
    ...attributes,
  }))
    host.setAttribute(`data-${name}`, value)
  document.body.append(host)
  // cleanup() removes hosts it mounted; this one goes with the test's own removal below.
  after.push(() => host.remove())
  const events: CustomEvent[] = []
  for (const name of ['rescheduled', 'cancelled', 'error'])
    host.addEventListener(`ghl-booking:${name}`, (e) => events.push(e as CustomEvent))
  const handle = mountManage(host, { now: testClock }, location.origin, token)
  const root = host.shadowRoot!
  after.push(() => handle.unmount())
  return {
    host,
    root,
    handle,
    events,
    $: (selector) => {
      const found = root.querySelector(selector)
      if (!found) throw new Error(`nothing matches ${selector}`)
      return found as never
    },
    $$: (selector) => [...root.querySelectorAll(selector)] as never,
  }
}
const after: (() => void)[] = []
afterEach(() => after.splice(0).forEach((undo) => undo()))

const heading = (m: Mounted) => m.$('h2')
const button = (m: Mounted, name: string) =>
  waitFor(() => m.$$<HTMLButtonElement>('button').find((b) => b.textContent!.trim() === name))
/** Waits for the screen whose heading says `text`, and (after a visitor's action) that focus is on it. */
const screen = (m: Mounted, text: string, focusing = true) =>
  waitFor(() => heading(m).textContent === text && (!focusing || focused(m) === heading(m)))

describe('manage mode', () => {
  it('shows the booking, what may be done and until when, without taking focus', async () => {
    const m = mountManaged()
    await waitFor(() => m.$('[role=status]').textContent === 'Loading your appointment…')
    await screen(m, 'Your appointment', false)
    expect(focused(m)).to.equal(null)
    expect(m.$('.what').textContent).to.equal('Intro call')
    expect(m.$('.card').textContent).to.contain('11:30 AM – 12:00 PM (Coordinated Universal Time)')
    expect(m.$('.muted').textContent).to.match(/^You can change it online until .*10:30 AM\.$/)
    await button(m, 'Reschedule')
    await button(m, 'Cancel appointment')
    await expectNoAxeViolations(m)
  })

  it('reschedules: the booking day with its time marked, a new time, the confirmation, the success', async () => {
    const m = mountManaged()
    ;(await button(m, 'Reschedule')).click()
    await screen(m, 'Choose a new time')
    const day = firstFreeDay()
    await waitFor(() => m.$(`[data-date="${day}"]`).getAttribute('aria-pressed') === 'true')
    await waitFor(() => m.$$('button.slot').length === 3)
    // The booking's own time sits among the free ones, marked and not a choice.
    const times = m.$$('.slots li').map((li) => li.textContent)
    expect(times).to.deep.equal(['9:00 AM', '10:30 AM', '11:30 AMYour current time', '2:00 PM'])
    expect(m.$$('.current button')).to.have.length(0)
    await expectNoAxeViolations(m)

    m.$$('button.slot')[2]!.click()
    await screen(m, 'Move your appointment?')
    const card = m.$('.card').textContent!
    expect(card).to.contain('From').and.contain('11:30 AM – 12:00 PM').and.contain('To')
    expect(card).to.contain('2:00 PM – 2:30 PM')
    await expectNoAxeViolations(m)

    ;(await button(m, 'Confirm the new time')).click()
    await screen(m, 'Your appointment is moved')
    expect(manageFixture.reschedules).to.have.length(1)
    const [{ key, body }] = manageFixture.reschedules
    expect(body).to.deep.equal({ start: zonedTime(day, '14:00', 'UTC'), timeZone: 'UTC' })
    expect(key).to.match(/^[0-9a-f]{32}$/)
    expect(m.$('.card').textContent).to.contain('2:00 PM – 2:30 PM')
    expect(m.$('[role=status]').textContent).to.equal('Your appointment is moved')
    const moved = m.events.find((e) => e.type === 'ghl-booking:rescheduled')
    expect(moved?.detail.start).to.equal(body.start)
    // The link is a credential: events (and so analytics) never carry it.
    expect(moved?.detail).to.not.have.any.keys('manageToken', 'manageUrl')
    await expectNoAxeViolations(m)
  })

  it("a time taken meanwhile: back to the times with the proxy's others, said and focused", async () => {
    const day = firstFreeDay()
    manageFixture.changeRefusal = 'slot_taken'
    manageFixture.alternatives = [
      { start: zonedTime(day, '15:00', 'UTC'), end: zonedTime(day, '15:30', 'UTC') },
    ]
    const m = mountManaged()
    ;(await button(m, 'Reschedule')).click()
    await waitFor(() => m.$$('button.slot').length === 3)
    m.$$('button.slot')[0]!.click()
    ;(await button(m, 'Confirm the new time')).click()
    await waitFor(() => m.$('[role=alert]').textContent!.includes('that time was just taken'))
    expect(heading(m).textContent).to.equal('Choose a new time')
    await waitFor(() => focused(m) === m.$('#slots'))
    expect(m.$$('button.slot').map((b) => b.textContent)).to.deep.equal(['3:00 PM'])
    expect(m.events.map((e) => e.type)).to.deep.equal(['ghl-booking:error'])
    await expectNoAxeViolations(m)

    // Choosing again is a new attempt, under a new key.
    manageFixture.changeRefusal = null
    m.$$('button.slot')[0]!.click()
    ;(await button(m, 'Confirm the new time')).click()
    await screen(m, 'Your appointment is moved')
    const [first, second] = manageFixture.reschedules
    expect(second!.key).to.not.equal(first!.key)
  })

  it('"Choose another time" and "Back" return to the times and the summary', async () => {
    const m = mountManaged()
    ;(await button(m, 'Reschedule')).click()
    await waitFor(() => m.$$('button.slot').length === 3)
    m.$$('button.slot')[0]!.click()
    ;(await button(m, 'Choose another time')).click()
    await waitFor(() => focused(m) === m.$('#slots'))
    ;(await button(m, 'Back')).click()
    await screen(m, 'Your appointment')
    expect(manageFixture.reschedules).to.have.length(0)
  })

  it('cancels with a reason after the confirmation step, and links to booking afresh', async () => {
    const layer = ((window as { dataLayer?: unknown[] }).dataLayer = [])
    after.push(() => delete (window as { dataLayer?: unknown[] }).dataLayer)
    const m = mountManaged()
    ;(await button(m, 'Cancel appointment')).click()
    await screen(m, 'Cancel this appointment?')
    const reason = m.$<HTMLTextAreaElement>('textarea')
    expect(m.$('label[for=reason]').textContent).to.equal('Reason for cancelling (optional)')
    await expectNoAxeViolations(m)
    type(reason, '  Something came up  ')
    expect(manageFixture.cancels).to.have.length(0)
    ;(await button(m, 'Yes, cancel it')).click()
    await screen(m, 'Your appointment is cancelled')
    expect(manageFixture.cancels.map((c) => c.body)).to.deep.equal([{ reason: 'Something came up' }])
    const cancelled = m.events.find((e) => e.type === 'ghl-booking:cancelled')
    expect(cancelled?.detail.status).to.equal('cancelled')
    expect(layer).to.deep.equal([{ event: 'ghl-booking:cancelled', ghlBooking: cancelled!.detail }])
    const again = m.$<HTMLAnchorElement>('a.chip')
    expect(again.textContent).to.equal('Book a new time')
    expect(new URL(again.href).searchParams.has('ghl-booking')).to.equal(false)
    await expectNoAxeViolations(m)
  })

  it('"No, keep it" changes nothing', async () => {
    const m = mountManaged()
    ;(await button(m, 'Cancel appointment')).click()
    ;(await button(m, 'No, keep it')).click()
    await screen(m, 'Your appointment')
    expect(manageFixture.cancels).to.have.length(0)
  })

  const refusals: [ErrorCode, string][] = [
    [
      'link_invalid',
      'This link does not work. Please use the link from your confirmation, or contact the business.',
    ],
    ['link_expired', 'This link has expired: the appointment is over.'],
  ]
  for (const [code, text] of refusals)
    it(`a link refused as ${code} says so, and offers booking afresh`, async () => {
      manageFixture.refusal = code
      const m = mountManaged()
      await screen(m, text, false)
      expect(m.$('a.chip').textContent).to.equal('Book a new time')
      expect(m.events.map((e) => e.detail.code)).to.deep.equal([code])
      await expectNoAxeViolations(m)
    })

  it('a token the proxy does not know is link_invalid', async () => {
    const m = mountManaged({}, 'tok_someone-elses-token-0123456789abcdef')
    await waitFor(() => heading(m).textContent!.startsWith('This link does not work.'))
  })

  const rules: [string, Partial<typeof manageFixture.booking>, string[], string[]][] = [
    [
      'too late for either',
      {
        canReschedule: false,
        canCancel: false,
        rescheduleRefusal: { code: 'change_too_late', message: 'x' },
        cancelRefusal: { code: 'change_too_late', message: 'x' },
      },
      ['It is too late to change this appointment online. Please contact the business.'],
      [],
    ],
    [
      'no rescheduling',
      { canReschedule: false, rescheduleRefusal: { code: 'reschedule_not_allowed', message: 'x' } },
      ['This appointment cannot be rescheduled online. Please contact the business.'],
      ['Cancel appointment'],
    ],
    [
      'no cancelling',
      { canCancel: false, cancelRefusal: { code: 'cancel_not_allowed', message: 'x' } },
      ['This appointment cannot be cancelled online. Please contact the business.'],
      ['Reschedule'],
    ],
    [
      'already cancelled',
      {
        status: 'cancelled',
        canReschedule: false,
        canCancel: false,
        rescheduleRefusal: { code: 'booking_cancelled', message: 'x' },
        cancelRefusal: { code: 'booking_cancelled', message: 'x' },
      },
      ['This appointment has been cancelled.'],
      [],
    ],
  ]
  for (const [name, change, said, buttons] of rules)
    it(`a booking the rules close (${name}) says why, once, and offers only what is allowed`, async () => {
      manageFixture.booking = { ...manageFixture.booking, ...change }
      const m = mountManaged()
      await screen(m, 'Your appointment', false)
      const texts = m.$$('p').map((p) => p.textContent)
      for (const text of said) expect(texts.filter((t) => t === text)).to.have.length(1)
      expect(m.$$('button').map((b) => b.textContent)).to.deep.equal(buttons)
      await expectNoAxeViolations(m)
    })

  it('a change the proxy refuses meanwhile is said on the screen, focused', async () => {
    manageFixture.changeRefusal = 'change_too_late'
    const m = mountManaged()
    ;(await button(m, 'Cancel appointment')).click()
    ;(await button(m, 'Yes, cancel it')).click()
    const notice = await waitFor(() => m.$('[role=alert]'))
    expect(notice.textContent).to.equal(
      'It is too late to change this appointment online. Please contact the business.',
    )
    await waitFor(() => focused(m) === notice)
    expect(heading(m).textContent).to.equal('Cancel this appointment?')
    expect(m.events.find((e) => e.type === 'ghl-booking:cancelled')).to.equal(undefined)
  })

  it('a booking that does not load offers to try again, which focuses the result', async () => {
    manageFixture.refusal = 'upstream_unavailable'
    const m = mountManaged()
    await screen(m, 'Something went wrong. Please try again.', false)
    manageFixture.refusal = null
    ;(await button(m, 'Try again')).click()
    await screen(m, 'Your appointment')
  })

  it('moves with the keyboard: the grid, the day, the time, the confirmation', async () => {
    const m = mountManaged()
    ;(await button(m, 'Reschedule')).click()
    await screen(m, 'Choose a new time')
    const day = firstFreeDay()
    const stop = await waitFor(() => m.$(`[data-date="${day}"][tabindex="0"]`))
    stop.focus()
    stop.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }))
    await waitFor(() => focused(m)?.dataset.date && focused(m)!.dataset.date !== day)
    expect(focused(m)!.getAttribute('tabindex')).to.equal('0')
  })

  for (const lang of LANGUAGES)
    it(`speaks ${lang}${['ar', 'he'].includes(lang) ? ', right to left' : ''}`, async () => {
      const words = catalogs[lang] as Record<string, string>
      const m = mountManaged({ locale: lang })
      await screen(m, words.yourAppointment!, false)
      const root = m.$('.root')
      expect(root.getAttribute('lang')).to.equal(lang)
      expect(root.getAttribute('dir')).to.equal(['ar', 'he'].includes(lang) ? 'rtl' : 'ltr')
      ;(await button(m, words.cancel!)).click()
      await screen(m, words.cancelQuestion!)
      expect(m.$('label[for=reason]').textContent).to.contain(words.reason!)
      await expectNoAxeViolations(m)
    })
})
