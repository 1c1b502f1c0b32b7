/**
 * The built `dist/widget.js`, loaded by a plain script tag on a page whose CSP forbids inline styles and eval
 * (`script-src 'self'`): the first screen it draws, the full widget's module it loads from its own origin after,
 * the script tag's own widget, `data-ghl-booking` elements, the JS API before and after the full widget is in, the
 * queue stub, a second copy of the script, and a misconfigured tag.
 * `npm test` builds first; alone, run `npx vite build` before this file.
 */
import { expect } from 'chai'
import { http, passthrough } from 'msw'
import { pinDateNow } from './clock.ts'
import { received } from './handlers.ts'
import { cleanup, waitFor, worker } from './setup.ts'

const violations: string[] = []
document.addEventListener('securitypolicyviolation', (e) =>
  violations.push(`${e.violatedDirective} ${e.sourceFile}`),
)

/** The full widget's module, as the loader names it: `widget/widget-<hash>.js` beside `widget.js`. */
const FULL_WIDGET = /\/dist\/widget\/widget-[\w-]+\.js$/

// The script tag's widgets take no clock of their own: they read Date.now, pinned here as a page clock would be.
let unpin = () => {}
before(async () => {
  unpin = pinDateNow()
  const response = await fetch('/dist/widget.js', { method: 'HEAD' })
  if (!response.ok) throw new Error('dist/widget.js is missing: run `npx vite build` first')
  const meta = document.createElement('meta')
  meta.httpEquiv = 'Content-Security-Policy'
  meta.content = "style-src 'self'; script-src 'self'"
  document.head.append(meta)
})
afterEach(cleanup)
after(() => unpin())

type Api = {
  mount: (el: Element, o: object) => { update(o: object): void; unmount(): void }
  unmount: (el: Element) => void
}
const api = () => (window as unknown as { GHLBooking: Api }).GHLBooking

/** Adds `<script src="/dist/widget.js">` with data attributes and waits until it ran. */
async function addScript(attributes: Record<string, string>) {
  const script = document.createElement('script')
  for (const [name, value] of Object.entries(attributes)) script.setAttribute(`data-${name}`, value)
  const loaded = new Promise((resolve, reject) => {
    script.onload = resolve
    script.onerror = reject
  })
  script.src = '/dist/widget.js'
  document.body.append(script)
  await loaded
  return script
}

/** A `data-ghl-booking` element on `calendar`, in the page. */
function hostElement(calendar: string) {
  const element = document.createElement('div')
  element.dataset.ghlBooking = ''
  element.dataset.site = 'acme'
  element.dataset.calendar = calendar
  element.dataset.timeZone = 'UTC'
  document.body.append(element)
  return element
}

/** The URLs the full widget's module was requested from, in the test that holds it back. */
const fullWidgetLoads: string[] = []

describe('dist/widget.js under a strict CSP', () => {
  it('the policy is in force: an inline style attribute is refused', async () => {
    const probe = document.createElement('div')
    probe.setAttribute('style', 'color: rgb(1, 2, 3)')
    document.body.append(probe)
    expect(getComputedStyle(probe).color).to.not.equal('rgb(1, 2, 3)')
    await waitFor(() => violations.length)
    probe.remove()
    violations.length = 0
  })

  it('shows the first free time before the full widget is in, which then loads from the script origin; the JS API works before and after', async () => {
    // The full widget's module waits until the first screen is checked, as on a slow network.
    let release = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    worker.use(
      http.get(FULL_WIDGET, async ({ request }) => {
        fullWidgetLoads.push(request.url)
        await held
        return passthrough()
      }),
    )
    const script = await addScript({ site: 'acme', calendar: 'cal-tag', 'time-zone': 'UTC' })
    const host = script.nextElementSibling as HTMLElement
    // The shadow root is there as soon as the script ran; the first free time follows without the full widget.
    expect(host.shadowRoot).to.exist
    const slot = await waitFor(() => host.shadowRoot!.querySelector<HTMLButtonElement>('.slot'))
    expect(host.shadowRoot!.querySelector('h2')!.textContent).to.equal('Intro call cal-tag')
    // One request for the calendar and one for its month: the ones widget.js started, taken over.
    expect(received.calendars).to.deep.equal(['cal-tag'])
    expect(received.slotCalendars).to.deep.equal(['cal-tag'])
    // Mounted by hand before the full widget is in: the handle works at once.
    const early = document.createElement('div')
    document.body.append(early)
    const handle = api().mount(early, { site: 'acme', calendar: 'cal-early', timeZone: 'UTC' })
    handle.update({ calendar: 'cal-updated' })
    // A click on a time before the full widget is in is not lost.
    slot.click()
    release()
    await waitFor(() => host.shadowRoot!.querySelector('#firstName'))
    await waitFor(() => early.shadowRoot?.querySelector('h2')?.textContent === 'Intro call cal-updated')
    expect(fullWidgetLoads).to.have.length(1)
    expect(new URL(fullWidgetLoads[0]!).origin).to.equal(new URL(script.src).origin)
    // Mounted by hand once it is in.
    const late = document.createElement('div')
    document.body.append(late)
    api().mount(late, { site: 'acme', calendar: 'cal-late', timeZone: 'UTC' })
    await waitFor(() => late.shadowRoot?.querySelector('.slot'))
    expect(fullWidgetLoads).to.have.length(1)
    expect(violations).to.deep.equal([])
    for (const el of [script, host, early, late]) el.remove()
  })

  it('mounts the script tag widget, data-ghl-booking elements and the JS API, all styled, no violation', async () => {
    const element = hostElement('cal-el')
    const script = await addScript({ site: 'acme', calendar: 'cal-tag', 'time-zone': 'UTC' })
    const host = script.nextElementSibling as HTMLElement
    expect(host.shadowRoot).to.exist
    const slot = await waitFor(() => host.shadowRoot!.querySelector('.slot'))
    await waitFor(() => element.shadowRoot?.querySelector('.slot'))
    expect(host.shadowRoot!.querySelector('h2')!.textContent).to.equal('Intro call cal-tag')
    expect(element.shadowRoot!.querySelector('h2')!.textContent).to.equal('Intro call cal-el')
    // Styled through the constructable stylesheet: the accent border is there.
    expect(getComputedStyle(slot).borderTopColor).to.equal('rgb(34, 81, 196)')
    const manual = document.createElement('div')
    document.body.append(manual)
    const handle = api().mount(manual, { site: 'acme', calendar: 'cal-api', timeZone: 'UTC' })
    await waitFor(() => manual.shadowRoot!.querySelector('.slot'))
    handle.unmount()
    expect(violations).to.deep.equal([])
    for (const el of [script, host, element, manual]) el.remove()
  })

  it('two widgets on one page keep their own state', async () => {
    const a = hostElement('cal-a')
    const b = hostElement('cal-b')
    const slot = await waitFor(() => a.shadowRoot?.querySelector<HTMLButtonElement>('.slot'))
    await waitFor(() => b.shadowRoot?.querySelector('.slot'))
    slot.click()
    await waitFor(() => a.shadowRoot!.querySelector('#firstName'))
    expect(b.shadowRoot!.querySelectorAll('#firstName')).to.have.length(0)
    expect(b.shadowRoot!.querySelectorAll('.slot')).to.have.length(3)
    a.remove()
    b.remove()
  })

  it('a page that loads the script twice: each tag gets its widget, every other widget mounts once', async () => {
    const shared = hostElement('cal-shared')
    const first = await addScript({ site: 'acme', calendar: 'cal-one', 'time-zone': 'UTC' })
    const running = api()
    const second = await addScript({ site: 'acme', calendar: 'cal-two', 'time-zone': 'UTC' })
    expect(api()).to.equal(running)
    for (const [script, calendar] of [
      [first, 'cal-one'],
      [second, 'cal-two'],
    ] as const) {
      const host = script.nextElementSibling as HTMLElement
      await waitFor(() => host.shadowRoot?.querySelector('h2')?.textContent === `Intro call ${calendar}`)
      await waitFor(() => host.shadowRoot!.querySelector('.slot'))
    }
    await waitFor(() => shared.shadowRoot?.querySelector('.slot'))
    expect(shared.shadowRoot!.querySelectorAll('[part=container]')).to.have.length(1)
    expect(received.calendars.filter((c) => c === 'cal-shared')).to.have.length(1)
    for (const el of [first, second, shared, first.nextElementSibling!, second.nextElementSibling!])
      el.remove()
  })

  it('a misconfigured script tag shows what is wrong where the widget would be', async () => {
    const errors: string[] = []
    const original = console.error
    console.error = (m: string) => errors.push(m)
    try {
      const script = await addScript({ site: 'acme', theme: 'neon' })
      const host = script.nextElementSibling as HTMLElement
      const alert = await waitFor(() => host.shadowRoot!.querySelector('[role=alert]'))
      expect(alert.textContent).to.contain('data-calendar is required').and.contain('data-theme')
      expect(errors.join()).to.contain('data-calendar is required')
      script.remove()
      host.remove()
    } finally {
      console.error = original
    }
  })

  it('an invalid data-target selector is reported in place, and the other widgets still mount', async () => {
    const original = console.error
    console.error = () => {}
    const element = hostElement('cal-el')
    try {
      const script = await addScript({ site: 'acme', calendar: 'cal-tag', target: '#broken[' })
      const host = script.nextElementSibling as HTMLElement
      const alert = await waitFor(() => host.shadowRoot!.querySelector('[role=alert]'))
      expect(alert.textContent).to.contain('data-target')
      await waitFor(() => element.shadowRoot?.querySelector('h2'))
      script.remove()
      host.remove()
    } finally {
      element.remove()
      console.error = original
    }
  })

  it('on a single-page site, widgets added later mount and removed ones unmount; queued calls are replayed', async () => {
    // The two-line stub of widget/README.md, before the script has loaded.
    const w = window as unknown as { GHLBooking?: ((...a: unknown[]) => unknown) & { q?: unknown[] } }
    delete w.GHLBooking
    w.GHLBooking =
      w.GHLBooking ||
      function (...args: unknown[]) {
        ;(w.GHLBooking!.q = w.GHLBooking!.q || []).push(args)
      }
    const early = document.createElement('div')
    document.body.append(early)
    w.GHLBooking('mount', early, { site: 'acme', calendar: 'cal-queued', timeZone: 'UTC' })
    const script = await addScript({})
    await waitFor(() => early.shadowRoot?.querySelector('h2')?.textContent === 'Intro call cal-queued')
    // A route renders a page holding a widget, without reloading.
    const view = document.createElement('main')
    document.body.append(view)
    const route = (calendar: string) => {
      const page = document.createElement('section')
      const host = document.createElement('div')
      host.dataset.ghlBooking = ''
      host.dataset.site = 'acme'
      host.dataset.calendar = calendar
      host.dataset.timeZone = 'UTC'
      page.append(host)
      view.replaceChildren(page)
      return host
    }
    const first = route('cal-route-1')
    await waitFor(() => first.shadowRoot?.querySelector('.slot'))
    const second = route('cal-route-2')
    await waitFor(() => second.shadowRoot?.querySelector('.slot'))
    expect(second.shadowRoot!.querySelector('h2')!.textContent).to.equal('Intro call cal-route-2')
    // The first route's widget is gone with its page: unmounted, its shadow root empty.
    await waitFor(() => first.shadowRoot!.childNodes.length === 0)
    expect(second.shadowRoot!.querySelectorAll('[part=container]')).to.have.length(1)
    for (const el of [script, view, early]) el.remove()
  })
})
