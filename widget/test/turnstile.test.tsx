/**
 * Turnstile in the widget: only a calendar that names a site key loads Cloudflare's script and shows the challenge;
 * the solved challenge's token goes with the booking, and a refused or spent one is reset. `window.turnstile` is a
 * test double of Cloudflare's API (no network here).
 */
import { expect } from 'chai'
import { http, HttpResponse } from 'msw'
import { CHALLENGE_SLOT, TURNSTILE_SCRIPT, type TurnstileApi } from '../src/turnstile.ts'
import { calendarInfo, received } from './handlers.ts'
import { cleanup, mountWidget, type, waitFor, worker } from './setup.ts'

const SITE_KEY = '1x00000000000000000000AA'

/** Scripts added to the page while a test runs. */
const added: string[] = []
const observer = new MutationObserver((records) => {
  for (const record of records)
    for (const node of record.addedNodes) if (node instanceof HTMLScriptElement) added.push(node.src)
})

/** A stand-in for Cloudflare's `window.turnstile`: records renders, solves on demand. */
function fakeTurnstile() {
  const widgets: {
    container: HTMLElement
    options: Record<string, any>
    resets: number
    removed: boolean
  }[] = []
  const api: TurnstileApi = {
    render(container, options) {
      widgets.push({ container, options, resets: 0, removed: false })
      return String(widgets.length - 1)
    },
    reset: (id) => void widgets[Number(id)]!.resets++,
    remove: (id) => void (widgets[Number(id)]!.removed = true),
  }
  ;(window as { turnstile?: TurnstileApi }).turnstile = api
  return { widgets, solve: (token: string, i = 0) => widgets[i]!.options.callback(token) }
}

/** The calendar names a site key. */
const withSiteKey = () =>
  worker.use(
    http.get('*/v1/sites/:site/calendars/:calendarId', ({ params }) => {
      const info = calendarInfo(String(params.calendarId))
      return HttpResponse.json({ ...info, form: { ...info.form, turnstileSiteKey: SITE_KEY } })
    }),
  )

/** Mounts, picks the first slot and fills the form. */
async function atForm(attributes: Record<string, string> = {}) {
  const m = mountWidget(attributes)
  ;(await waitFor(() => m.$('.slot'))).click()
  await waitFor(() => m.$('#firstName'))
  type(m.$('#firstName'), 'Ada')
  type(m.$('#lastName'), 'Lovelace')
  type(m.$('#email'), 'ada@example.com')
  return m
}
const submit = (m: Awaited<ReturnType<typeof atForm>>) =>
  m.$<HTMLButtonElement>('button[type=submit]').click()

describe('turnstile', () => {
  beforeEach(() => {
    added.length = 0
    observer.observe(document.head, { childList: true })
  })
  afterEach(() => {
    observer.disconnect()
    delete (window as { turnstile?: TurnstileApi }).turnstile
    cleanup()
  })

  it('a calendar without a site key: no script, no challenge, no token in the booking', async () => {
    const m = await atForm()
    expect(m.$$('slot')).to.have.length(0)
    submit(m)
    await waitFor(() => received.bookings.length === 1)
    expect(received.bookings[0]!.body).to.not.have.property('turnstileToken')
    expect(added.filter((src) => src.includes('challenges.cloudflare.com'))).to.deep.equal([])
  })

  it('a site key: the challenge renders in the host page through a slot, and its token goes with the booking', async () => {
    withSiteKey()
    const turnstile = fakeTurnstile()
    const m = await atForm({ theme: 'dark' })
    await waitFor(() => turnstile.widgets.length === 1)
    const [widget] = turnstile.widgets
    expect(widget!.options.sitekey).to.equal(SITE_KEY)
    expect(widget!.options.theme).to.equal('dark')
    // A child of the host element, shown in the form's slot: outside the shadow root, as Turnstile needs.
    expect(widget!.container.parentElement).to.equal(m.host)
    expect(widget!.container.slot).to.equal(CHALLENGE_SLOT)
    expect(m.$<HTMLSlotElement>(`slot[name=${CHALLENGE_SLOT}]`).assignedElements()).to.deep.equal([
      widget!.container,
    ])
    // The page had Cloudflare's API already: nothing else was loaded.
    expect(added).to.deep.equal([])

    // Not solved yet: the form says so and sends nothing.
    submit(m)
    await waitFor(() => m.$('form .error'))
    expect(received.bookings).to.have.length(0)
    turnstile.solve('token-1')
    await waitFor(() => m.$$('form .error').length === 0)
    submit(m)
    await waitFor(() => received.bookings.length === 1)
    expect(received.bookings[0]!.body.turnstileToken).to.equal('token-1')
    // The confirmation replaces the form: the challenge goes with it.
    await waitFor(() => widget!.removed)
    expect(widget!.container.isConnected).to.equal(false)
  })

  it('a refused token resets the challenge, and the next booking waits for a new one', async () => {
    withSiteKey()
    worker.use(
      http.post('*/v1/sites/:site/bookings', async ({ request }) => {
        received.bookings.push({
          key: request.headers.get('idempotency-key'),
          body: (await request.json()) as never,
        })
        return HttpResponse.json(
          { error: { code: 'challenge_failed', message: 'The security check was not passed' } },
          { status: 403 },
        )
      }),
    )
    const turnstile = fakeTurnstile()
    const m = await atForm()
    await waitFor(() => turnstile.widgets.length === 1)
    turnstile.solve('token-1')
    submit(m)
    await waitFor(() => turnstile.widgets[0]!.resets === 1)
    await waitFor(() => m.$('.notice'))
    submit(m)
    await waitFor(() => m.$('form .error'))
    expect(received.bookings).to.have.length(1)
    turnstile.solve('token-2')
    submit(m)
    await waitFor(() => received.bookings.length === 2)
    expect(received.bookings[1]!.body.turnstileToken).to.equal('token-2')
  })

  it('without Cloudflare’s API on the page, its script is loaded once for all widgets, then renders each', async () => {
    withSiteKey()
    // Cloudflare's script, as the page would get it: it defines window.turnstile.
    worker.use(
      http.get(TURNSTILE_SCRIPT.replace(/\?.*/, ''), () =>
        HttpResponse.text(
          'window.turnstile = { render: (c, o) => { (window.rendered ??= []).push(o.sitekey); return "w" }, reset() {}, remove() {} }',
          { headers: { 'content-type': 'text/javascript' } },
        ),
      ),
    )
    const page = window as { rendered?: string[] }
    delete page.rendered
    const [first, second] = [mountWidget(), mountWidget({ calendar: 'cal-2' })]
    await Promise.all([first, second].map(async (m) => (await waitFor(() => m.$('.slot'))).click()))
    await waitFor(() => page.rendered?.length === 2)
    expect(page.rendered).to.deep.equal([SITE_KEY, SITE_KEY])
    expect(added).to.deep.equal([TURNSTILE_SCRIPT])
  })
})
