/**
 * `widget.js`, a classic script: the loader and the first screen. For its own script tag (when configured) and
 * every element with `data-ghl-booking`, now and whenever a single-page site adds one later, it starts the
 * requests the first screen needs at once (the calendar, this month's slots, the language) and draws the first
 * screen over them (first-screen.ts), which then loads the full widget, a module from the script's own origin.
 * A removed element's widget unmounts and frees its state. `window.GHLBooking` mounts by hand, and replays the
 * calls a page queued before the script loaded (the two-line stub in widget/README.md). A second copy of the
 * script on the page leaves all that to the first and only mounts its own tag.
 */
import { routes } from '../../contract/schemas.ts'
import type { MountOptions } from './config.ts'
import { startRequests } from './early.ts'
import { mountFirst, type Loader } from './first-screen.ts'
import type { WidgetHandle } from './mount.tsx'
import { HOST_ATTRIBUTE } from './surface.ts'

/** The full widget's module, relative to this script: its content-hashed name, set by the build. */
declare const __FULL_WIDGET__: string

// Only readable now, while the script runs for the first time: null in callbacks and in module scripts.
const script = document.currentScript as HTMLScriptElement | null
const base = script?.src || location.href
const origin = new URL(base).origin

/** The page-facing API: `GHLBooking.mount(el, options)`, or `GHLBooking('mount', el, options)` as the stub queues it. */
export interface GHLBookingApi {
  (method: 'mount' | 'unmount', element: HTMLElement, options?: MountOptions): WidgetHandle | void
  /** Mounts a widget on `element` (its data attributes overlaid with `options`). Safe to call twice. */
  mount(element: HTMLElement, options?: MountOptions): WidgetHandle
  /** Removes the widget of `element`, if any, and frees its state. */
  unmount(element: HTMLElement): void
}

declare global {
  interface Window {
    GHLBooking?: GHLBookingApi | { q?: ArrayLike<unknown>[] }
  }
}

/** The full widget's module, from the script's own origin (a page's CSP that lets the script in lets it in). */
const full: Loader['full'] = () => import(/* @vite-ignore */ new URL(__FULL_WIDGET__, base).href)

/** Widgets by host element: the ones mounted here, so a removed host's widget can be unmounted. */
const widgets = new Map<HTMLElement, WidgetHandle>()

/** Mounts a widget: its requests leave now, and its first screen shows what they bring. */
function mountOn(element: HTMLElement, options: MountOptions = {}): WidgetHandle {
  widgets.get(element)?.unmount()
  const mounted = mountFirst(element, options, {
    proxy: origin,
    routes,
    take: startRequests(element, options, origin),
    full,
  })
  const handle: WidgetHandle = {
    update: mounted.update,
    unmount() {
      mounted.unmount()
      if (widgets.get(element) === handle) widgets.delete(element)
    },
  }
  widgets.set(element, handle)
  return handle
}

/** Mounts every `data-ghl-booking` element in `root` (itself included) that has no widget yet. */
function mountWithin(root: Element) {
  const found = [...root.querySelectorAll<HTMLElement>(`[${HOST_ATTRIBUTE}]`)]
  if (root.hasAttribute(HOST_ATTRIBUTE)) found.unshift(root as HTMLElement)
  // A host with content already has a widget (from this copy of the script, or another one on the page).
  for (const element of found) if (!widgets.has(element) && !element.shadowRoot?.firstChild) mountOn(element)
}

/** The element the script tag's own widget renders in: `data-target`, or a new box right after the script. */
function scriptHost(tag: HTMLScriptElement): HTMLElement {
  let host: HTMLElement | null = null
  try {
    host = tag.dataset.target ? document.querySelector(tag.dataset.target) : null
  } catch {
    // An invalid selector: the configuration check names it in the box below.
  }
  // A selector that matches nothing still gets a box, which shows the configuration error.
  if (!host) {
    host = document.createElement('div')
    // In <head> nothing would show: fall back to the start of the body.
    if (tag.parentElement && tag.parentElement !== document.head) tag.after(host)
    else document.body.prepend(host)
  }
  return host
}

/** Whether the script tag configures a widget of its own. */
const configures = (tag: HTMLScriptElement | null): tag is HTMLScriptElement =>
  !!tag && !!(tag.dataset.site || tag.dataset.calendar || tag.dataset.target)

const running = window.GHLBooking as GHLBookingApi | undefined
if (typeof running?.mount == 'function') {
  // Another copy of the script runs the page: it mounts this tag's widget, with this copy's origin as its proxy.
  const own = () =>
    configures(script) && running.mount(scriptHost(script), { proxy: origin, ...script.dataset })
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', own)
  else own()
} else {
  const api = Object.assign(
    (method: 'mount' | 'unmount', element: HTMLElement, options?: MountOptions) =>
      api[method](element, options),
    {
      mount: mountOn,
      unmount(element: HTMLElement) {
        widgets.get(element)?.unmount()
      },
    },
  ) as GHLBookingApi
  const queued = (window.GHLBooking as { q?: ArrayLike<unknown>[] } | undefined)?.q ?? []
  window.GHLBooking = api

  const boot = () => {
    if (configures(script)) mountOn(scriptHost(script), { ...script.dataset })
    mountWithin(document.documentElement)
    for (const args of Array.from(queued)) (api as (...a: unknown[]) => unknown)(...Array.from(args))
    // A MutationObserver rather than a <ghl-booking> custom element: the embed code marks any element (a div in a
    // page builder's HTML block) with data-ghl-booking, which a custom element cannot upgrade, and one observer
    // serves every widget of the page. Removed hosts are found by `isConnected`, so a host moved within one
    // change keeps its widget.
    new MutationObserver((changes) => {
      for (const change of changes)
        for (const node of change.addedNodes) if (node instanceof Element) mountWithin(node)
      for (const [element, handle] of widgets) if (!element.isConnected) handle.unmount()
    }).observe(document.documentElement, { childList: true, subtree: true })
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot)
  else boot()
}
