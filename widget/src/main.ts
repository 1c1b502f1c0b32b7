/**
 * The entry of `widget.js`, a classic script. It mounts a widget for its own script tag (when configured) and
 * for every element with `data-ghl-booking`, and exposes `window.GHLBooking.mount` for pages that mount by hand.
 */
import { readAttributes, type MountOptions } from './config.ts'
import { mount, type WidgetHandle } from './mount.tsx'
import { HOST_ATTRIBUTE } from './surface.ts'

// Only readable now, while the script runs for the first time: null in callbacks and in module scripts.
const script = document.currentScript as HTMLScriptElement | null
const origin = script?.src ? new URL(script.src).origin : location.origin

/** The page-facing API. */
export interface GHLBookingApi {
  /** Mounts a widget on `element` (its data attributes overlaid with `options`). Safe to call twice. */
  mount(element: HTMLElement, options?: MountOptions): WidgetHandle
}

declare global {
  interface Window {
    GHLBooking?: GHLBookingApi
  }
}

window.GHLBooking = { mount: (element, options) => mount(element, options, origin) }

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
  for (const element of document.querySelectorAll<HTMLElement>(`[${HOST_ATTRIBUTE}]`))
    mount(element, {}, origin)
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot)
else boot()
