/**
 * Languages: English is built in; Spanish and German come from the proxy's `/widget/locales/<lang>.json`,
 * fetched beside the calendar, shown without a flash of English, and English when they cannot come.
 */
import { expect } from 'chai'
import { delay, http, HttpResponse } from 'msw'
import { received } from './handlers.ts'
import { cleanup, expectNoAxeViolations, mountWidget, waitFor, worker } from './setup.ts'

afterEach(cleanup)

const locales = '*/widget/locales/:file'
const english = ['Time zone', 'Jump to the next free time', 'Loading availability']

describe('languages', () => {
  it('speaks Spanish and German when data-locale says so', async () => {
    const es = mountWidget({ locale: 'es' })
    const de = mountWidget({ locale: 'de-DE', calendar: 'cal-2' })
    await waitFor(() => es.$('.slot') && de.$('.slot'))
    expect(received.locales.sort()).to.deep.equal(['de', 'es'])
    expect(es.root.textContent).to.contain('Zona horaria').and.contain('Ir al próximo horario disponible')
    expect(de.root.textContent).to.contain('Zeitzone').and.contain('Zum nächsten freien Termin')
    expect(es.$('[aria-pressed=true]').getAttribute('aria-label')).to.match(/, 3 horarios disponibles$/)
    es.$('.slot').click()
    await waitFor(() => es.$('#firstName'))
    es.$<HTMLButtonElement>('button[type=submit]').click()
    await waitFor(() => es.$('#firstName-error'))
    // Each field says what it needs, in the visitor's language: never a generic "check this field".
    expect(es.$('#firstName-error').textContent).to.equal('Escribe tu nombre')
    expect(es.$('#email-error').textContent).to.equal('Escribe tu correo electrónico')
  })

  it('English fetches no messages', async () => {
    const m = mountWidget({ locale: 'en-GB' })
    await waitFor(() => m.$('.slot'))
    expect(received.locales).to.deep.equal([])
  })

  it('fetches the language beside the calendar and shows only the skeleton until it arrives', async () => {
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    worker.use(
      http.get(locales, async () => {
        await held
        return HttpResponse.json({ timeZone: 'Zeitzone', loading: 'Verfügbarkeit wird geladen…' })
      }),
    )
    const m = mountWidget({ locale: 'de' })
    // The calendar's first month is asked for while the language is still on its way.
    await waitFor(() => received.slotQueries.length)
    await delay(150)
    expect(m.$('.skeleton')).to.exist
    for (const words of english) expect(m.root.textContent).to.not.contain(words)
    await expectNoAxeViolations(m)
    release()
    await waitFor(() => m.$('.slot'))
    expect(m.root.textContent).to.contain('Zeitzone')
  })

  for (const [name, answer] of [
    [
      'an error answer',
      () => HttpResponse.json({ error: { code: 'not_found', message: 'No' } }, { status: 404 }),
    ],
    ['no connection', () => HttpResponse.error()],
    [
      'a body that is not JSON',
      () => new HttpResponse('<html>', { headers: { 'Content-Type': 'text/html' } }),
    ],
  ] as const) {
    it(`a failing language fetch (${name}) falls back to English and says nothing more`, async () => {
      worker.use(http.get(locales, answer))
      const m = mountWidget({ locale: 'es' })
      await waitFor(() => m.$('.slot'))
      expect(m.root.textContent).to.contain('Time zone').and.contain('Jump to the next free time')
      expect(m.$$('.notice')).to.have.length(0)
      expect(m.events.map((e) => e.type)).to.deep.equal(['ghl-booking:ready'])
    })
  }

  it('takes only string messages of known keys; the rest stays English', async () => {
    worker.use(
      http.get(locales, () =>
        HttpResponse.json({ timeZone: 'Zona horaria', nextAvailable: 42, unknown: 'x', none: null }),
      ),
    )
    const m = mountWidget({ locale: 'es' })
    await waitFor(() => m.$('.slot'))
    expect(m.root.textContent).to.contain('Zona horaria').and.contain('Jump to the next free time')
  })

  it('a popup shows its button in the language, never in English first', async () => {
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    worker.use(
      http.get(locales, async ({ params }) => {
        await held
        return HttpResponse.json({ open: `Reservar una cita (${params.file})`, close: 'Cerrar' })
      }),
    )
    const m = mountWidget({ mode: 'popup', locale: 'es', calendar: 'cal-popup' })
    await delay(100)
    expect(m.root.textContent).to.equal('')
    release()
    const button = await waitFor(() => m.$('[part=open-button]'))
    expect(button.textContent).to.equal('Reservar una cita (es.json)')
    // The language came before the calendar was asked for anything.
    expect(received.slotCalendars.filter((c) => c === 'cal-popup')).to.have.length(0)
    button.click()
    await waitFor(() => m.$('.slot'))
    expect(m.$('.close').getAttribute('aria-label')).to.equal('Cerrar')
  })
})
