/**
 * Where the full widget hands over to manage mode (mount.tsx): on a page opened from a booking's link, the first
 * inline widget mounted shows that booking; a popup stays a booking button, and the page's other widgets book as
 * usual (one booking, one view of it). Manage mode's module loads only then.
 */
import { MANAGE_LINK_PARAM } from '../../../contract/manage-link.ts'
import type { MountOptions } from '../config.ts'
import type { Host } from '../host.ts'
import type { WidgetHandle } from '../mount.tsx'

/** The widget that shows the link's booking, once one has claimed it. */
let manager: HTMLElement | undefined

/** The link's token when `element` (configured by `options`) is the one to show its booking; null otherwise. */
export function manageToken(element: HTMLElement, options: MountOptions): string | null {
  const token = new URLSearchParams(location.search).get(MANAGE_LINK_PARAM)
  if (token && !manager && options.mode != 'popup') manager = element
  return token && manager == element ? token : null
}

/**
 * Mounts manage mode on `element` once its module is in, on the first screen's `host` when there was one; the
 * handle passes calls on in their order.
 */
export function manageOn(
  element: HTMLElement,
  options: MountOptions,
  proxy: string,
  token: string,
  host?: Host,
): WidgetHandle {
  const loaded = import('./manage-mode.tsx').then((m) => m.mountManage(element, options, proxy, token, host))
  loaded.catch((e) => console.error('GHL booking widget: manage mode did not load', e))
  return {
    update: (next) => void loaded.then((handle) => handle.update(next)),
    unmount: () => void loaded.then((handle) => handle.unmount()),
  }
}
