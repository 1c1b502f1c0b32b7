/**
 * Each state of the month, the times and the form looks like itself: the chosen day without a hover, today,
 * disabled arrows, uniform day cells, a month on its way, a busy submit; in light, dark and forced colours
 * (axe in each), right to left, and at 320 px.
 */
import { expect } from 'chai'
import { emulateMedia, sendKeys } from '@web/test-runner-commands'
import { delay, http, HttpResponse } from 'msw'
import { firstFreeDay, received } from './handlers.ts'
import { cleanup, expectNoAxeViolations, focused, mountWidget, type, waitFor, worker } from './setup.ts'

afterEach(async () => {
  cleanup()
  await emulateMedia({ colorScheme: 'light' })
})

const bg = (el: Element) => getComputedStyle(el).backgroundColor

describe('states', () => {
  for (const theme of ['light', 'dark'] as const)
    it(`${theme}: the chosen day, today, days with and without times and the arrows differ; axe passes`, async () => {
      // The demo's teal: readable on light, 3.2:1 on dark until the widget adjusts it.
      const m = mountWidget({ theme, accent: '#0f766e' })
      const chosen = await waitFor(() => m.$('[aria-pressed=true]'))
      const free = m.$$('.day.free').find((d) => d !== chosen)!
      const none = m.$$('.day:not(.free)').find((d) => !d.hasAttribute('aria-current'))!
      const today = m.$('[aria-current=date]')
      // The chosen day is filled with the accent, with no pointer over it.
      expect(bg(chosen)).to.not.equal(bg(free))
      expect(bg(chosen)).to.equal(getComputedStyle(m.$('.slot')).borderColor)
      expect(bg(free)).to.not.equal(bg(none))
      expect(getComputedStyle(today, '::after').content).to.not.equal('none')
      expect(today.getAttribute('aria-label')).to.contain(', today,')
      // This month is the first: going back is not possible, and looks it.
      const prev = m.$<HTMLButtonElement>('button[aria-label="Previous month"]')
      expect(prev.disabled).to.equal(true)
      expect(Number(getComputedStyle(prev).opacity)).to.be.below(0.5)
      // Every day cell has one size, whatever its number.
      const sizes = new Set(m.$$('.day').map((d) => `${d.offsetWidth}x${d.offsetHeight}`))
      expect([...sizes]).to.have.length(1)
      await expectNoAxeViolations(m)
    })

  // Chromium under web-test-runner cannot emulate forced colours; the gallery's screenshots show them
  // (scripts/screenshots.ts emulates them through Playwright). Here: the rules that apply there.
  it('forced colours: the chosen day is a system highlight, free days have a border, disabled is GrayText', async () => {
    const m = mountWidget()
    await waitFor(() => m.$('.slot'))
    const forced = [...m.root.adoptedStyleSheets[0]!.cssRules].find(
      (r) => r instanceof CSSMediaRule && r.conditionText.includes('forced-colors: active'),
    ) as CSSMediaRule
    const rule = (selector: string) =>
      [...forced.cssRules].find((r) =>
        (r as CSSStyleRule).selectorText?.split(', ').includes(selector),
      ) as CSSStyleRule
    const chosen = rule('.day[aria-pressed="true"]').style
    expect(chosen.forcedColorAdjust).to.equal('none')
    expect(chosen.backgroundColor).to.equal('highlight')
    expect(chosen.color).to.equal('highlighttext')
    expect(rule('.day.free').style.borderColor).to.equal('buttontext')
    expect(rule('.day[aria-disabled="true"]').style.color).to.equal('graytext')
    expect(rule('.nav:disabled').style.color).to.equal('graytext')
    expect(rule('.day[aria-current="date"]').style.textDecoration).to.contain('underline')
  })

  it('under a coarse pointer day buttons and controls are at least 44 px', async () => {
    const m = mountWidget()
    await waitFor(() => m.$('.slot'))
    const coarse = [...m.root.adoptedStyleSheets[0]!.cssRules].find(
      (r) => r instanceof CSSMediaRule && r.conditionText.includes('pointer: coarse'),
    ) as CSSMediaRule
    const text = [...coarse.cssRules].map((r) => r.cssText).join(' ')
    expect(text).to.match(/\.day \{[^}]*min-height: 44px/)
    expect(text).to.match(/button \{[^}]*min-height: 44px/)
  })

  it('a month on its way shows a skeleton, never an empty month; the times never show the previous day', async () => {
    let release!: () => void
    const held = new Promise<void>((r) => (release = r))
    const m = mountWidget()
    await waitFor(() => m.$('.slot'))
    const first = firstFreeDay()
    worker.use(
      http.get('*/v1/sites/:site/calendars/:calendarId/slots', async () => {
        await held
        return HttpResponse.json({ calendarId: 'cal-1', timeZone: 'UTC', from: '', to: '', slots: [] })
      }),
    )
    // Two months ahead: not prefetched, so it is on its way.
    m.$('button[aria-label="Next month"]').click()
    await waitFor(() => m.$('#month').textContent !== '')
    m.$('button[aria-label="Next month"]').click()
    const grid = await waitFor(() => m.$('[role=grid][aria-busy=true]'))
    expect(m.$$('.day.wait').length).to.be.greaterThan(27)
    expect(grid.querySelector('[aria-label$="Loading availability…"]')).to.exist
    // The chosen day's times stay the chosen day's (its month is in).
    expect(m.$('#slots').textContent).to.contain(String(+first.slice(8)))
    release()
    await waitFor(() => !m.$$('[aria-busy=true]').length)
  })

  it('while "Jump to the next free time" loads months, the times are a skeleton, not the previous day', async () => {
    let release!: () => void
    const held = new Promise<void>((r) => (release = r))
    const first = firstFreeDay()
    worker.use(
      http.get('*/v1/sites/:site/calendars/:calendarId/slots', async ({ request }) => {
        const q = new URL(request.url).searchParams
        const only = q.get('from')!.slice(0, 7) === first.slice(0, 7)
        if (!only) await held
        const slots = only ? [{ start: `${first}T09:00:00Z`, end: `${first}T09:30:00Z` }] : []
        return HttpResponse.json({
          calendarId: 'cal-1',
          timeZone: 'UTC',
          from: q.get('from'),
          to: q.get('to'),
          slots,
        })
      }),
    )
    const m = mountWidget()
    await waitFor(() => m.$('.slot'))
    m.$$('button')
      .find((b) => b.textContent === 'Jump to the next free time')!
      .click()
    await waitFor(() => m.$('.slots[aria-busy=true]'))
    expect(m.$$('.slot')).to.have.length(0)
    release()
    await waitFor(() => m.$('.notice'))
    expect(m.$('.notice').textContent).to.equal('No free times in this period.')
  })

  it('submit shows that the booking is on its way and keeps focus on the button', async () => {
    let release!: () => void
    const held = new Promise<void>((r) => (release = r))
    worker.use(
      http.post('*/v1/sites/:site/bookings', async () => {
        await held
        return HttpResponse.json({ error: { code: 'upstream_unavailable', message: 'x' } }, { status: 503 })
      }),
    )
    const m = mountWidget()
    ;(await waitFor(() => m.$('.slot'))).click()
    await waitFor(() => m.$('#firstName'))
    type(m.$('#firstName'), 'Ada')
    type(m.$('#lastName'), 'Lovelace')
    type(m.$('#email'), 'ada@example.com')
    const button = m.$<HTMLButtonElement>('button[type=submit]')
    button.focus()
    await sendKeys({ press: 'Enter' })
    await waitFor(() => button.getAttribute('aria-busy') === 'true')
    expect(button.textContent).to.equal('Booking your appointment…')
    expect(button.querySelector('.spinner')).to.exist
    expect(focused(m)).to.equal(button)
    expect(m.$('[role=status]').textContent).to.equal('Booking your appointment…')
    // A second press sends nothing more.
    await sendKeys({ press: 'Enter' })
    await delay(50)
    expect(received.bookings.length).to.be.at.most(1)
    await expectNoAxeViolations(m)
    release()
    await waitFor(() => button.getAttribute('aria-busy') === null)
    expect(button.textContent).to.equal('Book appointment')
  })

  it('at 320 px nothing scrolls sideways: the zone picker no longer sets a minimum width', async () => {
    // A 320 px phone, less the page's own margins: 280 px for the widget.
    const m = mountWidget()
    m.host.setAttribute('class', 'narrow')
    const style = document.createElement('style')
    style.textContent = '.narrow { width: 280px }'
    document.head.append(style)
    try {
      await waitFor(() => m.$('.slot'))
      const box = m.$('[part=container]')
      expect(box.getBoundingClientRect().width).to.be.at.most(280)
      expect(box.scrollWidth).to.be.at.most(box.clientWidth)
      expect(m.$('#zone').getBoundingClientRect().right).to.be.at.most(box.getBoundingClientRect().right)
    } finally {
      style.remove()
    }
  })

  it('right to left: dir="rtl", mirrored arrows, and ArrowLeft moves to the next day', async () => {
    const m = mountWidget({ locale: 'ar' })
    const first = await waitFor(() => m.$<HTMLElement>('[aria-pressed=true]'))
    expect(m.$('[part=container]').getAttribute('dir')).to.equal('rtl')
    expect(getComputedStyle(m.$('.nav .flip')).transform).to.not.equal('none')
    first.focus()
    await sendKeys({ press: 'ArrowLeft' })
    const next = new Date(Date.parse(`${first.dataset.date}T00:00:00Z`) + 86_400_000)
      .toISOString()
      .slice(0, 10)
    await waitFor(() => focused(m)?.dataset.date === next)
    await sendKeys({ press: 'ArrowRight' })
    await waitFor(() => focused(m)?.dataset.date === first.dataset.date)
    await expectNoAxeViolations(m)
  })
})
