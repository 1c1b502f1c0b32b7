/**
 * Manage mode's module, loaded by the full widget only on a page whose URL carries a booking link's token
 * (handoff.ts):
 * the booking, rescheduled or cancelled through the proxy's manage routes, in the page's first inline widget (a
 * popup stays a booking button). It uses the booking flow's state, month grid and styles (in the
 * full widget's module, which loads it) and adds its own screens.
 */
import { batch, computed, signal } from '@preact/signals'
import { render } from 'preact'
import { routes } from '../../../contract/schemas.ts'
import { createApi } from '../api.ts'
import { parseConfig, readAttributes, type MountOptions } from '../config.ts'
import { fitAccent } from '../contrast.ts'
import { createFocus } from '../focus.ts'
import { createHost, sharedSheet, type Host } from '../host.ts'
import type { WidgetHandle } from '../mount.tsx'
import { createState } from '../state.ts'
import { css } from '../styles.ts'
import { laterCss } from '../styles-later.ts'
import { localeUrl } from '../urls.ts'
import { ConfigError } from '../ui/Widget.tsx'
import { createManageActions } from './actions.ts'
import { createManageApi } from './api.ts'
import { Manage } from './Manage.tsx'
import { createManageState } from './state.ts'
import { manageCss } from './styles.ts'

/**
 * Mounts manage mode on `element` for the booking of `token`, configured by its data attributes overlaid with
 * `options` (`defaultProxy` when they name no proxy). Bad configuration shows as the booking flow shows it. An
 * update starts afresh with the new options.
 */
export function mountManage(
  element: HTMLElement,
  options: MountOptions,
  defaultProxy: string,
  token: string,
  /** The first screen's host, which drew nothing on such a page; a new one by default. */
  first?: Host,
): WidgetHandle {
  const host = first ?? createHost(element)
  const { root } = host
  const focus = createFocus(root)
  const shared = [sharedSheet(css), sharedSheet(laterCss), sharedSheet(manageCss)]
  let current: MountOptions = { ...readAttributes(element), ...options }
  let live = 0

  function draw() {
    const mine = ++live
    render(null, root)
    const result = parseConfig(current, defaultProxy)
    if (!result.ok) {
      const message = result.errors.join('; ')
      console.error(`GHL booking widget: ${message}`)
      host.style(shared, null)
      render(<ConfigError errors={result.errors} />, root)
      return host.emit('error', { code: 'config', message })
    }
    const config = result.config
    const s = createState(config, current.now ?? Date.now, { signal, computed })
    const ms = createManageState(s)
    const api = { ...config, routes, now: current.now }
    const a = createManageActions({
      state: ms,
      api: createManageApi({ ...api, site: config.site, token }),
      calendarApi: (calendar) => createApi({ ...api, calendar }),
      words: s.lang
        ? fetch(localeUrl(config.proxy, s.lang))
            .then((r) => r.json())
            .catch(() => null)
        : null,
      // An update's fresh start leaves the answers of the one before without a listener.
      emit: (name, detail) => mine === live && host.emit(name, detail),
      focus,
    })
    batch(() => (s.wordsReady.value = !s.lang))
    render(<Manage ms={ms} a={a} />, root)
    host.style(shared, config, fitAccent)
    a.load()
  }

  draw()
  return {
    update(next) {
      current = { ...current, ...next }
      draw()
    },
    unmount() {
      live++
      render(null, root)
      host.dispose()
    },
  }
}
