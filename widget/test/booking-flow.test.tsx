/** The whole flow with a happy proxy: loading, month, slots, form errors, confirmation, events, axe in each. */
import { expect } from 'chai'
import { bookingFor, firstFreeDay, received } from './handlers.ts'
import { cleanup, expectNoAxeViolations, focused, mountWidget, type, waitFor } from './setup.ts'

afterEach(cleanup)

const fillForm = (m: ReturnType<typeof mountWidget>) => {
  type(m.$('#firstName'), 'Ada')
  type(m.$('#lastName'), 'Lovelace')
  type(m.$('#email'), 'ada@example.com')
}

describe('booking flow', () => {
  it('shows a skeleton and announces loading at once', async () => {
    const m = mountWidget()
    expect(m.$('.skeleton')).to.exist
    await waitFor(() => m.$('[role=status]').textContent === 'Loading availability…')
    await expectNoAxeViolations(m)
  })

  it('opens on the first day with free slots and marks days in the grid', async () => {
    const m = mountWidget()
    await waitFor(() => m.$('[role=grid]'))
    const first = firstFreeDay()
    const selected = await waitFor(() => m.$(`[data-date="${first}"]`))
    expect(selected.getAttribute('aria-pressed')).to.equal('true')
    expect(selected.getAttribute('tabindex')).to.equal('0')
    expect(selected.getAttribute('aria-label')).to.match(/, 3 free times$/)
    expect(m.$$('.day.free').length).to.be.greaterThan(0)
    expect(m.$('h2').textContent).to.equal('Intro call cal-1')
    expect(m.$('.zone').textContent).to.contain('Coordinated Universal Time')
    const slots = m.$$('.slot')
    expect(slots.map((s) => s.textContent)).to.have.length(3)
    // One phrase for day and time (Intl's "at"), then the zone in brackets.
    expect(slots[0]!.getAttribute('aria-label')).to.match(
      /^\w+day, \w+ \d+, \d{4} at 9:00\sAM \(Coordinated Universal Time\)$/,
    )
    expect(m.events.map((e) => e.type)).to.deep.equal(['ghl-booking:ready'])
    expect(m.events[0]!.detail).to.deep.equal({ site: 'acme', calendarId: 'cal-1' })
    await expectNoAxeViolations(m)
  })

  it('prefetches the next month', async () => {
    const m = mountWidget()
    await waitFor(() => m.$('.slot'))
    const month = firstFreeDay().slice(0, 7)
    const next = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5)), 1))
      .toISOString()
      .slice(0, 7)
    await waitFor(() => received.slotQueries.some((q) => q.get('from')!.startsWith(next)))
  })

  it('shows times in 24 hours when asked, and 12 from an en-US locale', async () => {
    const h23 = mountWidget({ 'hour-cycle': 'h23', locale: 'en-US' })
    const h12 = mountWidget({ locale: 'en-US', calendar: 'cal-2' })
    await waitFor(() => h23.$('.slot') && h12.$('.slot'))
    expect(h23.$('.slot').textContent).to.equal('09:00')
    expect(h12.$('.slot').textContent).to.match(/^9:00\sAM$/)
  })

  it('validates the form inline with the contract messages and focuses the first bad field', async () => {
    const m = mountWidget()
    ;(await waitFor(() => m.$('.slot'))).click()
    await waitFor(() => focused(m)?.textContent === 'Your details')
    m.$<HTMLButtonElement>('button[type=submit]').click()
    await waitFor(() => m.$('#firstName-error'))
    expect(m.$('#firstName-error').textContent).to.equal('Please enter your first name')
    expect(m.$('#email-error').textContent).to.equal('Please enter your e-mail address')
    expect(m.$('#firstName').getAttribute('aria-invalid')).to.equal('true')
    expect(m.$('#firstName').getAttribute('aria-describedby')).to.equal('firstName-error')
    await waitFor(() => focused(m)?.id === 'firstName')
    type(m.$('#email'), 'not-an-email')
    m.$<HTMLButtonElement>('button[type=submit]').click()
    await waitFor(() => m.$('#email-error').textContent === 'Please enter a valid e-mail address')
    expect(received.bookings).to.have.length(0)
    await expectNoAxeViolations(m)
  })

  it('books, confirms in the visitor zone and sends contact, attribution and an idempotency key', async () => {
    history.replaceState(null, '', `${location.pathname}${location.search}&utm_source=news&gclid=g-1`)
    const m = mountWidget({ 'prefill-email': 'ada@example.com' })
    ;(await waitFor(() => m.$('.slot'))).click()
    await waitFor(() => m.$('#firstName'))
    expect(m.$<HTMLInputElement>('#email').value).to.equal('ada@example.com')
    fillForm(m)
    m.$<HTMLButtonElement>('button[type=submit]').click()
    await waitFor(() => focused(m)?.textContent === 'You are booked')
    const [sent] = received.bookings
    expect(sent!.key).to.match(/^[0-9a-f]{32}$/)
    expect(sent!.body.contact).to.deep.equal({
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com',
      phone: '',
    })
    expect(sent!.body.start).to.equal(`${firstFreeDay()}T09:00:00+00:00`)
    expect(sent!.body.timeZone).to.equal('UTC')
    expect(sent!.body.attribution).to.include({ utm_source: 'news', gclid: 'g-1' })
    expect(sent!.body.website).to.equal('')
    expect(m.$('p').textContent).to.exist
    expect(m.root.textContent).to.contain('9:00').and.contain('Coordinated Universal Time')
    const google = m.$<HTMLAnchorElement>('a[target=_blank]')
    expect(google.href).to.match(/^https:\/\/calendar\.google\.com\/calendar\/render\?action=TEMPLATE/)
    expect(new URL(google.href).searchParams.get('dates')).to.match(/^\d{8}T090000Z\/\d{8}T093000Z$/)
    expect(m.$<HTMLAnchorElement>('a[download]').href).to.match(/^data:text\/calendar/)
    const types = m.events.map((e) => e.type.replace('ghl-booking:', ''))
    expect(types).to.deep.equal(['ready', 'slot-select', 'submit', 'booked'])
    expect(m.events.at(-1)!.detail).to.deep.equal(bookingFor(sent!.body))
    await expectNoAxeViolations(m)
  })
})
