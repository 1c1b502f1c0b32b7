/**
 * The popup (a styled dialog that closes on its backdrop and starts fresh after a booking), the confirmation
 * (success, summary, next steps, calendar links, book another time), no focus taken on page load, and the
 * form's messages (consent, notes limit) in the visitor's language.
 */
import { expect } from 'chai'
import { http, HttpResponse } from 'msw'
import { calendarInfo } from './handlers.ts'
import { cleanup, expectNoAxeViolations, focused, mountWidget, type, waitFor, worker } from './setup.ts'

afterEach(cleanup)

const fillForm = (m: ReturnType<typeof mountWidget>) => {
  type(m.$('#firstName'), 'Ada')
  type(m.$('#lastName'), 'Lovelace')
  type(m.$('#email'), 'ada@example.com')
}

/** Books the first time of the widget and waits for the confirmation. */
async function book(m: ReturnType<typeof mountWidget>) {
  ;(await waitFor(() => m.$('.slot'))).click()
  await waitFor(() => m.$('#firstName'))
  fillForm(m)
  m.$<HTMLButtonElement>('button[type=submit]').click()
  return waitFor(() => m.$('.done'))
}

describe('popup', () => {
  it('is a styled dialog without the default border; the launcher is a button, not an empty card', async () => {
    const m = mountWidget({ mode: 'popup' })
    const launcher = m.$('[part=open-button]')
    expect(launcher.parentElement!.getAttribute('part')).to.equal(null)
    expect(getComputedStyle(launcher.parentElement!).borderTopWidth).to.equal('0px')
    expect(launcher.parentElement!.getBoundingClientRect().height).to.be.below(60)
    launcher.click()
    const dialog = m.$<HTMLDialogElement>('dialog')
    expect(getComputedStyle(dialog).borderTopWidth).to.equal('0px')
    expect(getComputedStyle(dialog, '::backdrop').backgroundColor).to.match(/rgba\(12, 16, 24, 0\.6\)/)
    await waitFor(() => m.$('.slot'))
    await expectNoAxeViolations(m)
  })

  it('closes on a click on the backdrop and on Escape', async () => {
    const m = mountWidget({ mode: 'popup' })
    m.$('[part=open-button]').click()
    const dialog = m.$<HTMLDialogElement>('dialog')
    await waitFor(() => m.$('.slot'))
    // A click inside the card does not close it; one on the dialog element itself (its backdrop) does.
    m.$('h2').click()
    expect(dialog.open).to.equal(true)
    dialog.dispatchEvent(new MouseEvent('click', { bubbles: true }))
    expect(dialog.open).to.equal(false)
    m.$('[part=open-button]').click()
    expect(dialog.open).to.equal(true)
    dialog.dispatchEvent(new Event('cancel'))
    dialog.close()
    expect(dialog.open).to.equal(false)
  })

  it('reopened after a booking, starts a fresh flow instead of the old confirmation', async () => {
    const m = mountWidget({ mode: 'popup' })
    m.$('[part=open-button]').click()
    await book(m)
    m.$('.close').click()
    m.$('[part=open-button]').click()
    await waitFor(() => m.$('.slot'))
    expect(m.$$('.done')).to.have.length(0)
    ;(await waitFor(() => m.$('.slot'))).click()
    // The form starts empty again.
    expect((await waitFor(() => m.$<HTMLInputElement>('#firstName'))).value).to.equal('')
  })
})

describe('confirmation', () => {
  it('shows success, a summary with both zones, what happens next and three calendar links', async () => {
    const m = mountWidget({ 'time-zone': 'Asia/Tokyo' })
    const done = await book(m)
    expect(done.querySelector('svg.success')).to.exist
    await waitFor(() => focused(m)?.textContent === 'You are booked')
    const summary = m.$('dl').textContent!
    expect(summary).to.contain('Intro call cal-1').and.contain('Japan Standard Time')
    // The business is in New York: its own time is said too.
    expect(summary).to.contain('for the business').and.contain('Eastern')
    expect(summary).to.contain('30 minutes')
    expect(m.root.textContent).to.contain('What happens next').and.contain('ada@example.com')
    const links = m.$$<HTMLAnchorElement>('.chip')
    expect(links.map((a) => new URL(a.href).host || a.protocol)).to.deep.equal([
      'calendar.google.com',
      'outlook.live.com',
      'data:',
    ])
    expect(links[2]!.download).to.match(/^appointment-\d{8}T\d{6}Z\.ics$/)
    await expectNoAxeViolations(m)
  })

  it('says the site’s own next steps, and "book another time" starts again', async () => {
    const m = mountWidget({ 'confirmation-text': 'We will call you the day before.' })
    await book(m)
    expect(m.root.textContent).to.contain('We will call you the day before.')
    m.$$('button')
      .find((b) => b.textContent === 'Book another time')!
      .click()
    await waitFor(() => m.$('.slot'))
    expect(m.$$('.done')).to.have.length(0)
  })
})

describe('page load', () => {
  it('a widget that fails to load takes no focus and does not scroll the page', async () => {
    worker.use(
      http.get('*/v1/sites/:site/calendars/:calendarId', () =>
        HttpResponse.json({ error: { code: 'upstream_unavailable', message: 'x' } }, { status: 503 }),
      ),
    )
    const search = document.createElement('input')
    search.autofocus = true
    search.setAttribute('aria-label', 'Search')
    document.body.prepend(search)
    search.focus()
    const spacer = document.createElement('div')
    spacer.setAttribute('class', 'spacer')
    const style = document.createElement('style')
    style.textContent = '.spacer { height: 3000px }'
    document.head.append(style)
    document.body.append(spacer)
    try {
      const m = mountWidget()
      await waitFor(() => m.$('.notice'))
      await new Promise((r) => setTimeout(r, 300))
      expect(document.activeElement).to.equal(search)
      expect(scrollY).to.equal(0)
      // Try again is the visitor's own act: then the message takes focus.
      m.$('.notice button').click()
      await waitFor(() => focused(m)?.classList.contains('notice'))
    } finally {
      search.remove()
      spacer.remove()
      style.remove()
    }
  })
})

describe('form messages', () => {
  it('an unticked consent box and an overlong note say so in the visitor language; the limit shows before', async () => {
    worker.use(
      http.get('*/v1/sites/:site/calendars/:calendarId', () =>
        HttpResponse.json({
          ...calendarInfo('cal-1'),
          form: { phone: 'optional', notes: 'optional', consent: 'Acepto la política de privacidad' },
        }),
      ),
    )
    const m = mountWidget({ locale: 'es' })
    ;(await waitFor(() => m.$('.slot'))).click()
    await waitFor(() => m.$('#firstName'))
    expect(m.$('#notes-limit').textContent).to.equal('Máximo 2000 caracteres')
    expect(m.$('#notes').getAttribute('aria-describedby')).to.equal('notes-limit')
    fillForm(m)
    type(m.$('#notes'), 'x'.repeat(2003))
    await waitFor(() => m.$('#notes-limit').textContent === 'Quedan 0 caracteres')
    // Nothing was cut without a word: the text stays, and the check says what to do.
    expect(m.$<HTMLTextAreaElement>('#notes').value).to.have.length(2003)
    m.$<HTMLButtonElement>('button[type=submit]').click()
    await waitFor(() => m.$('#consent-error'))
    expect(m.$('#consent-error').textContent).to.equal('Marca la casilla para aceptar antes de reservar')
    expect(m.$('#notes-error').textContent).to.equal('Acorta el texto a 2000 caracteres como máximo')
  })
})
