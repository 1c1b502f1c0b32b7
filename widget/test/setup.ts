/** Browser test setup: msw's worker standing in for the proxy, and helpers to mount and drive a widget. */
import 'axe-core'
import { setupWorker } from 'msw/browser'
import { mount, type WidgetHandle } from '../src/mount.tsx'
import type { MountOptions } from '../src/config.ts'
import { testClock } from './clock.ts'
import { handlers, resetFixtures } from './handlers.ts'

/** The msw worker; tests add overrides with `worker.use()`. */
export const worker = setupWorker(...handlers)
await worker.start({
  serviceWorker: { url: '/mockServiceWorker.js' },
  onUnhandledRequest: 'bypass',
  quiet: true,
})

const hosts: HTMLElement[] = []

/** A mounted widget under test. */
export interface Mounted {
  host: HTMLElement
  root: ShadowRoot
  handle: WidgetHandle
  /** Every `ghl-booking:*` event the host dispatched, in order. */
  events: CustomEvent[]
  /** The first element in the shadow root matching `selector`, or a thrown error naming it. */
  $<T extends Element = HTMLElement>(selector: string): T
  /** All elements in the shadow root matching `selector`. */
  $$<T extends Element = HTMLElement>(selector: string): T[]
}

/**
 * Mounts a widget in a new element with the given data attributes (site and calendar by default), on the
 * pinned test clock unless `options` bring their own.
 */
export function mountWidget(attributes: Record<string, string> = {}, options: MountOptions = {}): Mounted {
  const host = document.createElement('div')
  for (const [name, value] of Object.entries({
    site: 'acme',
    calendar: 'cal-1',
    'time-zone': 'UTC',
    ...attributes,
  })) {
    host.setAttribute(`data-${name}`, value)
  }
  document.body.append(host)
  hosts.push(host)
  const events: CustomEvent[] = []
  for (const name of ['ready', 'date-select', 'slot-select', 'submit', 'booked', 'error']) {
    host.addEventListener(`ghl-booking:${name}`, (e) => events.push(e as CustomEvent))
  }
  const handle = mount(host, { now: testClock, ...options }, location.origin)
  const root = host.shadowRoot!
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

/** Removes every mounted widget and the test's msw overrides and records. */
export function cleanup() {
  for (const host of hosts.splice(0)) host.remove()
  worker.resetHandlers()
  resetFixtures()
}

/**
 * Resolves with `probe()`'s value once it is truthy and does not throw; fails after `timeout` ms with its last
 * error. The limit is for a busy machine: a passing probe returns at once.
 */
export async function waitFor<T>(probe: () => T, timeout = 15_000): Promise<NonNullable<T>> {
  const until = performance.now() + timeout
  let last: unknown
  for (;;) {
    try {
      const value = probe()
      if (value) return value as NonNullable<T>
      last = new Error('probe returned a falsy value')
    } catch (e) {
      last = e
    }
    if (performance.now() > until) throw last
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** Types into a field the way a visitor does, firing `input`. */
export function type(field: HTMLInputElement | HTMLTextAreaElement, value: string) {
  field.value = value
  field.dispatchEvent(new Event('input', { bubbles: true }))
}

/** The element focused inside a widget's shadow root. */
export const focused = (m: Mounted) => m.root.activeElement as HTMLElement | null

/** Runs axe-core on the widget (it follows open shadow roots) and fails with the violations' ids. */
export async function expectNoAxeViolations(m: Mounted) {
  const axe = (window as unknown as { axe: typeof import('axe-core') }).axe
  const result = await axe.run(m.host, { resultTypes: ['violations'] })
  const found = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
  if (found.length) throw new Error(`axe violations:\n${found.join('\n')}`)
}
