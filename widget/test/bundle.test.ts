/**
 * The built `dist/widget.js`, loaded by a plain script tag on a page whose CSP forbids inline styles and eval:
 * the script tag's own widget, a `data-ghl-booking` element, the JS API, and a misconfigured tag.
 * `npm test` builds first; alone, run `npx vite build` before this file.
 */
import { expect } from 'chai'
import { pinDateNow } from './clock.ts'
import { cleanup, waitFor } from './setup.ts'

const violations: string[] = []
document.addEventListener('securitypolicyviolation', (e) =>
  violations.push(`${e.violatedDirective} ${e.sourceFile}`),
)

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

  it('mounts the script tag widget, data-ghl-booking elements and the JS API, all styled, no violation', async () => {
    const element = document.createElement('div')
    element.dataset.ghlBooking = ''
    element.dataset.site = 'acme'
    element.dataset.calendar = 'cal-el'
    element.dataset.timeZone = 'UTC'
    document.body.append(element)
    const script = await addScript({ site: 'acme', calendar: 'cal-tag', 'time-zone': 'UTC' })
    const host = script.nextElementSibling as HTMLElement
    expect(host.shadowRoot).to.exist
    const slot = await waitFor(() => host.shadowRoot!.querySelector('.slot'))
    await waitFor(() => element.shadowRoot?.querySelector('.slot'))
    expect(host.shadowRoot!.querySelector('h2')!.textContent).to.equal('Intro call cal-tag')
    expect(element.shadowRoot!.querySelector('h2')!.textContent).to.equal('Intro call cal-el')
    // Styled through the constructable stylesheet: the accent border is there.
    expect(getComputedStyle(slot).borderTopColor).to.equal('rgb(34, 81, 196)')
    const api = (window as { GHLBooking?: { mount: (el: Element, o: object) => { unmount(): void } } })
      .GHLBooking!
    const manual = document.createElement('div')
    document.body.append(manual)
    const handle = api.mount(manual, { site: 'acme', calendar: 'cal-api', timeZone: 'UTC' })
    await waitFor(() => manual.shadowRoot!.querySelector('.slot'))
    handle.unmount()
    expect(violations).to.deep.equal([])
    for (const el of [script, host, element, manual]) el.remove()
  })

  it('a misconfigured script tag shows what is wrong where the widget would be', async () => {
    const errors: string[] = []
    const original = console.error
    console.error = (m: string) => errors.push(m)
    try {
      const script = await addScript({ site: 'acme', theme: 'neon' })
      const host = script.nextElementSibling as HTMLElement
      const alert = host.shadowRoot!.querySelector('[role=alert]')!
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
    const element = document.createElement('div')
    element.dataset.ghlBooking = ''
    element.dataset.site = 'acme'
    element.dataset.calendar = 'cal-el'
    document.body.append(element)
    try {
      const script = await addScript({ site: 'acme', calendar: 'cal-tag', target: '#broken[' })
      const host = script.nextElementSibling as HTMLElement
      expect(host.shadowRoot!.querySelector('[role=alert]')!.textContent).to.contain('data-target')
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
