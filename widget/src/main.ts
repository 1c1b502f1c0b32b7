/**
 * The entry of `widget.js`, a classic script. It mounts a widget for its own script tag (when configured) and for
 * every element with `data-ghl-booking`, now and whenever a single-page site adds one later; a removed element's
 * widget unmounts and frees its state. `window.GHLBooking` mounts by hand, and replays the calls a page queued
 * before the script loaded (the two-line stub in widget/README.md).
 */
import { readAttributes, type MountOptions } from './config.ts'
import { mount, type WidgetHandle } from './mount.tsx'
import { HOST_ATTRIBUTE } from './surface.ts'

// Only readable now, while the script runs for the first time: null in callbacks and in module scripts.
const script = document.currentScript as HTMLScriptElement | null
const origin = script?.src ? new URL(script.src).origin : location.origin

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

/** Widgets by host element: the ones mounted here, so a removed host's widget can be unmounted. */
const widgets = new Map<HTMLElement, WidgetHandle>()

const mountOn = (element: HTMLElement, options?: MountOptions) => {
  const handle = mount(element, options, origin)
  widgets.set(element, handle)
  return handle
}

const api = Object.assign(
  (method: 'mount' | 'unmount', element: HTMLElement, options?: MountOptions) =>
    api[method](element, options),
  {
    mount: mountOn,
    unmount(element: HTMLElement) {
      widgets.get(element)?.unmount()
      widgets.delete(element)
    },
  },
) as GHLBookingApi
const queued = (window.GHLBooking as { q?: ArrayLike<unknown>[] } | undefined)?.q ?? []
window.GHLBooking = api

/** Mounts every `data-ghl-booking` element in `root` (itself included) that has no widget yet. */
function mountWithin(root: Element) {
  const found = [...root.querySelectorAll<HTMLElement>(`[${HOST_ATTRIBUTE}]`)]
  if (root.hasAttribute(HOST_ATTRIBUTE)) found.unshift(root as HTMLElement)
  // A host with content already has a widget (from this copy of the script, or another one on the page).
  for (const element of found) if (!widgets.has(element) && !element.shadowRoot?.firstChild) mountOn(element)
}

function boot() {
  if (script && (script.dataset.site || script.dataset.calendar || script.dataset.target)) {
    const selector = script.dataset.target
    let host: HTMLElement | null = null
    try {
      host = selector ? document.querySelector(selector) : null
    } catch {
      // An invalid selector: the configuration check names it in the box below.
    }
    // A selector that matches nothing still gets a box, which shows the configuration error.
    if (!host) {
      host = document.createElement('div')
      // In <head> nothing would show: fall back to the start of the body.
      if (script.parentElement && script.parentElement !== document.head) script.after(host)
      else document.body.prepend(host)
    }
    mount(host, readAttributes(script), origin)
  }
  mountWithin(document.documentElement)
  for (const args of Array.from(queued)) (api as (...a: unknown[]) => unknown)(...Array.from(args))
  // A MutationObserver rather than a <ghl-booking> custom element: the embed code marks any element (a div in a
  // page builder's HTML block) with data-ghl-booking, which a custom element cannot upgrade, and one observer
  // serves every widget of the page. Removed hosts are found by `isConnected`, so a host moved within one
  // change keeps its widget.
  new MutationObserver((changes) => {
    for (const change of changes)
      for (const node of change.addedNodes) if (node instanceof Element) mountWithin(node)
    for (const [element, handle] of widgets)
      if (!element.isConnected) {
        handle.unmount()
        widgets.delete(element)
      }
  }).observe(document.documentElement, { childList: true, subtree: true })
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot)
else boot()
