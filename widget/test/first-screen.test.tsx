/**
 * The first screen (first-screen.ts) over the requests the loader started (early.ts), and the full widget taking
 * it over: the same elements, the same markup, clicks in between replayed. The full widget's module is held back
 * until a test lets it load, as a slow network would.
 */
import { expect } from 'chai'
import { http, HttpResponse } from 'msw'
import { CATALOGS } from '../../contract/catalogs.ts'
import { routes } from '../../contract/schemas.ts'
import type { MountOptions } from '../src/config.ts'
import { startRequests } from '../src/early.ts'
import { mountFirst } from '../src/first-screen.ts'
import { testClock } from './clock.ts'
import { calendarInfo, firstFreeDay, received } from './handlers.ts'
import { cleanup, waitFor, worker } from './setup.ts'

const hosts: HTMLElement[] = []
afterEach(() => {
  for (const host of hosts.splice(0)) host.remove()
  cleanup()
})

/** The markup of `root` with each element's attributes sorted, so two renders of one state compare equal. */
function markup(root: ParentNode): string {
  const out: string[] = []
  const visit = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) return void out.push(node.textContent!)
    if (!(node instanceof Element)) return
    // Preact sets `spellcheck` as a property, which the first screen leaves to the browser's default.
    const attributes = [...node.attributes].filter((a) => a.name !== 'spellcheck')
    const sorted = attributes.map((a) => `${a.name}="${a.value}"`).sort()
    out.push(`<${node.localName} ${sorted.join(' ')}>`)
    node.childNodes.forEach(visit)
    out.push(`</${node.localName}>`)
  }
  root.childNodes.forEach(visit)
  return out.join('')
}

/** Mounts a first screen as `widget.js` does, with the full widget held back until `release()`. */
function mountEarly(attributes: Record<string, string> = {}, options: MountOptions = {}) {
  const host = document.createElement('div')
  for (const [name, value] of Object.entries({
    site: 'acme',
    calendar: 'cal-1',
    'time-zone': 'UTC',
    ...attributes,
  }))
    host.setAttribute(`data-${name}`, value)
  document.body.append(host)
  hosts.push(host)
  const events: string[] = []
  for (const name of ['ready', 'date-select', 'error'])
    host.addEventListener(`ghl-booking:${name}`, () => events.push(name))
  let release = () => {}
  const held = new Promise<void>((resolve) => (release = resolve))
  let loaded = false
  const opts = { now: testClock, ...options }
  const handle = mountFirst(host, opts, {
    proxy: location.origin,
    routes,
    take: startRequests(host, opts, location.origin),
    full: () => held.then(() => import('../src/mount.tsx')).then((module) => ((loaded = true), module)),
  })
  const root = host.shadowRoot!
  return { host, root, handle, events, release, loaded: () => loaded }
}

describe('the first screen', () => {
  it('shows the first free time from the requests the loader started, asking for nothing twice', async () => {
    const w = mountEarly()
    const slot = await waitFor(() => w.root.querySelector<HTMLButtonElement>('.slot'))
    expect(slot.textContent).to.match(/^0?9:00/)
    expect(w.root.querySelector('[aria-pressed=true]')!.getAttribute('data-date')).to.equal(firstFreeDay())
    expect(w.events).to.deep.equal(['ready'])
    // One request each: the first screen took over the loader's instead of sending its own.
    expect(received.calendars).to.deep.equal(['cal-1'])
    expect(received.slotQueries).to.have.length(1)
    expect(received.slotQueries[0]!.get('shape')).to.equal('compact')
    // Styled by the first screen's own sheet, with no Preact behind it yet.
    expect(w.root.adoptedStyleSheets).to.have.length(1)
    expect(w.loaded()).to.equal(false)
  })

  it('hands its very elements and state to the full widget, which renders the same markup', async () => {
    const w = mountEarly()
    const slot = await waitFor(() => w.root.querySelector('.slot'))
    const before = markup(w.root)
    w.release()
    await waitFor(() => w.loaded() && w.root.adoptedStyleSheets.length === 2)
    expect(w.root.querySelector('.slot')).to.equal(slot)
    expect(markup(w.root)).to.equal(before)
    // The full widget goes on from there: the next month ahead, nothing loaded again, no second `ready`.
    await waitFor(() => received.slotQueries.length === 2)
    expect(received.calendars).to.have.length(1)
    expect(w.events).to.deep.equal(['ready'])
  })

  it('replays a click made before the full widget was in, once it is', async () => {
    const w = mountEarly()
    const other = await waitFor(() =>
      [...w.root.querySelectorAll<HTMLButtonElement>('.day.free')].find(
        (b) => b.getAttribute('aria-pressed') !== 'true',
      ),
    )
    other.click()
    expect(other.getAttribute('aria-pressed')).to.equal(null)
    w.release()
    await waitFor(() => other.getAttribute('aria-pressed') === 'true')
    expect(w.events).to.deep.equal(['ready', 'date-select'])
  })

  it('an update before the full widget is in applies when it is; an unmount leaves nothing behind', async () => {
    const w = mountEarly()
    await waitFor(() => w.root.querySelector('.slot'))
    w.handle.update({ calendar: 'cal-2' })
    w.release()
    await waitFor(() => w.root.querySelector('h2')?.textContent === 'Intro call cal-2')
    const gone = mountEarly({ calendar: 'cal-3' })
    await waitFor(() => gone.root.querySelector('.slot'))
    gone.handle.unmount()
    expect(gone.root.childNodes).to.have.length(0)
    gone.release()
    await new Promise((r) => setTimeout(r, 50))
    expect(gone.root.childNodes).to.have.length(0)
    expect(gone.root.adoptedStyleSheets).to.have.length(0)
  })

  it('a popup shows its button, and opens once the full widget is in', async () => {
    const w = mountEarly({ mode: 'popup' })
    const button = await waitFor(() => w.root.querySelector<HTMLButtonElement>('[part=open-button]'))
    // A popup loads its calendar on first open: the loader asked for nothing.
    expect(received.calendars).to.have.length(0)
    button.click()
    w.release()
    await waitFor(() => w.root.querySelector<HTMLDialogElement>('dialog')!.open)
    await waitFor(() => w.root.querySelector('.slot'))
  })

  it('a configuration with an error is explained by the full widget, in place', async () => {
    const original = console.error
    console.error = () => {}
    try {
      const w = mountEarly({ theme: 'neon' })
      w.release()
      const alert = await waitFor(() => w.root.querySelector('[role=alert]'))
      expect(alert.textContent).to.contain('data-theme')
      expect(w.events).to.deep.equal(['error'])
    } finally {
      console.error = original
    }
  })

  it('shows the calendar, its length and description; who and where once the full widget is in', async () => {
    worker.use(
      http.get('*/v1/sites/:site/calendars/:calendarId', ({ params }) =>
        HttpResponse.json({
          ...calendarInfo(String(params.calendarId)),
          host: { name: 'Ava Smith' },
          location: { kind: 'video', label: 'Zoom' },
        }),
      ),
    )
    const w = mountEarly()
    await waitFor(() => w.root.querySelector('.slot'))
    const lines = () => [...w.root.querySelectorAll('.head .meta')].map((line) => line.textContent)
    expect(w.root.querySelector('.head h2')!.textContent).to.equal('Intro call cal-1')
    // widget.js has no room for who and where (test/widget-size.test.ts): only the length, before the takeover.
    expect(lines()).to.deep.equal(['30 minutes'])
    w.release()
    await waitFor(() => lines().length === 3)
    expect(lines()).to.deep.equal(['30 minutes', 'with Ava Smith', 'Video call · Zoom'])
  })

  it("labels a time and the zone the language's way before the full widget is in", async () => {
    const ja = CATALOGS.ja
    const w = mountEarly({ locale: 'ja', 'time-zone': 'Asia/Tokyo' })
    const slot = await waitFor(() => w.root.querySelector('.slot'))
    // The first time as the grid and the button show it; Tokyo keeps +09:00 all year.
    const day = w.root.querySelector('[aria-pressed=true]')!.getAttribute('data-date')
    const at = `${day}T${slot.textContent!.padStart(5, '0')}:00+09:00`
    const dayTime = new Intl.DateTimeFormat('ja', {
      timeZone: 'Asia/Tokyo',
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
    }).format(new Date(at))
    const zone = new Intl.DateTimeFormat('ja', { timeZone: 'Asia/Tokyo', timeZoneName: 'long' })
      .formatToParts(new Date(at))
      .find((p) => p.type === 'timeZoneName')!.value
    // One Intl phrase for day and time, the zone bracketed by the catalog: full width in Japanese.
    expect(slot.getAttribute('aria-label')).to.equal(
      ja.zoneInBrackets.replace('{text}', dayTime).replace('{zone}', zone),
    )
    expect(w.root.querySelector('#zone')!.getAttribute('value')).to.equal('Tokyo（GMT+09:00）')
    const locked = mountEarly({ locale: 'ja', 'time-zone': 'Asia/Tokyo', 'lock-time-zone': '' })
    await waitFor(() => locked.root.querySelector('.slot'))
    expect(locked.root.querySelector('.zone')!.textContent).to.equal(
      `タイムゾーン：Tokyo（GMT+09:00）${zone}`,
    )
    expect(w.loaded() || locked.loaded()).to.equal(false)
  })
})
