/** The widget among a host page: several widgets, hostile CSS, popup mode, the JS API, events. */
import { expect } from 'chai'
import { delay, http, HttpResponse } from 'msw'
import { testClock } from './clock.ts'
import { calendarInfo, firstFreeDay, received } from './handlers.ts'
import { cleanup, expectNoAxeViolations, focused, mountWidget, type, waitFor, worker } from './setup.ts'

afterEach(cleanup)

describe('host page', () => {
  it('two widgets with different calendars keep their own state', async () => {
    const a = mountWidget({ calendar: 'cal-a' })
    const b = mountWidget({ calendar: 'cal-b' })
    await waitFor(() => a.$('.slot') && b.$('.slot'))
    expect(a.$('h2').textContent).to.equal('Intro call cal-a')
    expect(b.$('h2').textContent).to.equal('Intro call cal-b')
    a.$('.slot').click()
    await waitFor(() => a.$('#firstName'))
    expect(b.$$('#firstName')).to.have.length(0)
    expect(b.$$('.slot')).to.have.length(3)
  })

  it('hostile host CSS neither hides nor restyles the widget', async () => {
    const style = document.createElement('style')
    style.textContent =
      '* { color: rgb(255, 0, 0) !important; font-size: 40px !important; letter-spacing: 9px !important }' +
      ' button { display: none !important } table, td { border: 9px solid red !important } .slot { display: none }'
    document.head.append(style)
    try {
      const m = mountWidget()
      const slot = await waitFor(() => m.$('.slot'))
      const css = getComputedStyle(slot)
      expect(css.display).to.not.equal('none')
      expect(css.color).to.not.equal('rgb(255, 0, 0)')
      expect(css.fontSize).to.equal('15px')
      expect(css.letterSpacing).to.equal('normal')
      expect(getComputedStyle(m.$('td')).borderTopWidth).to.equal('0px')
    } finally {
      style.remove()
    }
  })

  it('uses no inline style attribute and exposes theming through custom properties and parts', async () => {
    const m = mountWidget({ accent: 'rgb(0, 100, 0)' })
    const dark = mountWidget({ theme: 'dark', calendar: 'cal-2' })
    await waitFor(() => m.$('.slot') && dark.$('.slot'))
    expect(m.$$('[style]')).to.have.length(0)
    // The first screen's sheet, the full widget's, and the accent's.
    expect(m.root.adoptedStyleSheets.length).to.equal(3)
    expect(getComputedStyle(m.$('.slot')).borderColor).to.equal('rgb(0, 100, 0)')
    expect(m.$$('[part=day]').length).to.be.greaterThan(27)
    expect(m.$$('[part=slot]').length).to.equal(3)
    await expectNoAxeViolations(m)
    expect(dark.$('[part=container]').classList.contains('dark')).to.equal(true)
    expect(getComputedStyle(dark.$('[part=container]')).backgroundColor).to.equal('rgb(23, 25, 30)')
    await expectNoAxeViolations(dark)
    // The host page's own value wins over the widget's default and data-accent.
    m.host.style.setProperty('--ghl-accent', 'rgb(0, 0, 255)')
    expect(getComputedStyle(m.$('.slot')).borderColor).to.equal('rgb(0, 0, 255)')
  })

  it('events bubble out of the shadow root and go to window.dataLayer', async () => {
    const layer: unknown[] = []
    ;(window as { dataLayer?: unknown[] }).dataLayer = layer
    const seen: string[] = []
    const listener = (e: Event) => seen.push(e.type)
    document.addEventListener('ghl-booking:ready', listener)
    document.addEventListener('ghl-booking:date-select', listener)
    try {
      const m = mountWidget()
      await waitFor(() => m.$('.slot'))
      m.$$('button')
        .find((b) => b.textContent === 'Jump to the next free time')!
        .click()
      await waitFor(() => seen.length === 2)
      expect(seen).to.deep.equal(['ghl-booking:ready', 'ghl-booking:date-select'])
      expect(m.events[1]!.bubbles && m.events[1]!.composed).to.equal(true)
      const next = m.events[1]!.detail.date
      expect(next > firstFreeDay()).to.equal(true)
      expect(m.events[1]!.detail).to.deep.equal({ calendarId: 'cal-1', date: next, timeZone: 'UTC' })
      await waitFor(() => m.$(`[data-date="${next}"][aria-pressed=true]`))
      expect(layer).to.deep.equal([
        { event: 'ghl-booking:ready', ghlBooking: { site: 'acme', calendarId: 'cal-1' } },
        { event: 'ghl-booking:date-select', ghlBooking: m.events[1]!.detail },
      ])
    } finally {
      delete (window as { dataLayer?: unknown[] }).dataLayer
      document.removeEventListener('ghl-booking:ready', listener)
      document.removeEventListener('ghl-booking:date-select', listener)
    }
  })

  it('popup mode: a button opens the flow in a modal dialog, loading only then', async () => {
    const m = mountWidget({ mode: 'popup', 'button-text': 'Book a call', calendar: 'cal-popup' })
    const button = m.$('[part=open-button]')
    expect(button.textContent).to.equal('Book a call')
    // (A late query of an earlier test's widget names its own calendar.)
    expect(received.slotCalendars.filter((c) => c === 'cal-popup')).to.have.length(0)
    button.click()
    expect(m.$<HTMLDialogElement>('dialog').open).to.equal(true)
    await waitFor(() => m.$('.slot'))
    await expectNoAxeViolations(m)
    m.$('.close').click()
    expect(m.$<HTMLDialogElement>('dialog').open).to.equal(false)
  })

  it('an update from popup to inline starts the flow in place', async () => {
    const m = mountWidget({ mode: 'popup' })
    expect(m.$$('.slot')).to.have.length(0)
    m.handle.update({ mode: 'inline' })
    await waitFor(() => m.$('.slot'))
    expect(m.$$('dialog')).to.have.length(0)
  })

  it('after an update to another calendar, the replaced flow fires no events of its own', async () => {
    worker.use(
      http.get('*/v1/sites/:site/calendars/cal-slow', async () => {
        await delay(150)
        return HttpResponse.json(calendarInfo('cal-slow'))
      }),
    )
    const m = mountWidget({ calendar: 'cal-slow' })
    m.handle.update({ calendar: 'cal-2' })
    await waitFor(() => m.$('.slot'))
    await delay(300)
    const ready = m.events.filter((e) => e.type === 'ghl-booking:ready')
    expect(ready.map((e) => e.detail.calendarId)).to.deep.equal(['cal-2'])
  })

  it('mounting twice on one element replaces the widget; update and unmount work', async () => {
    const m = mountWidget()
    await waitFor(() => m.$('.slot'))
    const { mount } = await import('../src/mount.tsx')
    const second = mount(m.host, { now: testClock }, location.origin)
    await waitFor(() => m.$('.slot'))
    expect(m.$$('[part=container]')).to.have.length(1)
    second.update({ locale: 'de', hourCycle: 'h23' })
    await waitFor(() => m.root.textContent!.includes('Zeitzone'))
    expect(m.$('.slot').textContent).to.match(/^0?9:00$/)
    second.unmount()
    expect(m.root.childNodes.length).to.equal(0)
  })

  it('switching the time zone reloads slots for the new zone; a locked zone has no picker', async () => {
    const m = mountWidget()
    await waitFor(() => m.$('.slot'))
    const input = m.$<HTMLInputElement>('#zone')
    input.click()
    await waitFor(() => m.$('[role=listbox]'))
    type(input, 'tokyo')
    await waitFor(() => m.$$('[role=option]').length === 1)
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    await waitFor(() => received.slotQueries.some((q) => q.get('timeZone') === 'Asia/Tokyo'))
    await waitFor(() => m.$('.zone').textContent!.includes('Japan'))
    const locked = mountWidget({ 'lock-time-zone': '', calendar: 'cal-2' })
    await waitFor(() => locked.$('.slot'))
    expect(locked.$$('[role=combobox]')).to.have.length(0)
    expect(locked.$('.zone').textContent).to.contain('UTC')
  })

  it('redirects to data-redirect with the booking details', async () => {
    const visited: string[] = []
    const m = mountWidget(
      { redirect: 'https://example.com/thanks?x=1' },
      { navigate: (url) => visited.push(url) },
    )
    ;(await waitFor(() => m.$('.slot'))).click()
    await waitFor(() => m.$('#firstName'))
    type(m.$('#firstName'), 'Ada')
    type(m.$('#lastName'), 'Lovelace')
    type(m.$('#email'), 'ada@example.com')
    m.$<HTMLButtonElement>('button[type=submit]').click()
    await waitFor(() => visited.length)
    const url = new URL(visited[0]!)
    expect(url.origin + url.pathname).to.equal('https://example.com/thanks')
    expect(url.searchParams.get('x')).to.equal('1')
    expect(url.searchParams.get('booking_id')).to.equal('appt-1')
    expect(url.searchParams.get('start')).to.equal(`${firstFreeDay()}T09:00:00+00:00`)
    // Focus follows the render of the confirmation.
    await waitFor(() => focused(m))
  })
})
