/**
 * Mounting the full widget on an element: its configuration, state, actions and events, rendered with Preact and
 * signals. On a page this takes over from the first screen (first-screen.ts), keeping its elements and state;
 * tests and the states gallery mount it directly.
 */
import { batch, computed, signal } from '@preact/signals'
import { render } from 'preact'
import { routes } from '../../contract/schemas.ts'
import { createActions, type Actions } from './actions.ts'
import { createApi } from './api.ts'
import { parseConfig, readAttributes, type Config, type MountOptions } from './config.ts'
import { fitAccent } from './contrast.ts'
import { createFocus } from './focus.ts'
import { createHost, sharedSheet, type Host } from './host.ts'
import { createState, type Cell, type Cells, type State } from './state.ts'
import { css } from './styles.ts'
import { laterCss } from './styles-later.ts'
import { manageOn, manageToken } from './manage/handoff.ts'
import { ConfigError, Widget } from './ui/Widget.tsx'
import { Meeting } from './ui/Meeting.tsx'
import { ZonePicker } from './ui/ZonePicker.tsx'

/** What `mount` returns. */
export interface WidgetHandle {
  /** Applies new options over the current ones; a new calendar, proxy, zone or language restarts the flow. */
  update(options: MountOptions): void
  /** Removes the widget and frees its state; the element is left empty and may be mounted again. */
  unmount(): void
}

/**
 * What the first screen hands over: its host (shadow root and stylesheets) and its state, in plain boxes. Its
 * state is taken only for a flow of the same configuration (an update may have come in meanwhile).
 */
export interface Takeover {
  host: Host
  /** None when the first screen drew nothing (a configuration the full widget has to explain). */
  state?: State
}

// Which elements carry a widget, so mounting twice on one element replaces the first instead of doubling it.
const mounted = new WeakMap<HTMLElement, WidgetHandle>()

// Options that only change how the widget looks; anything else makes a new flow.
const COSMETIC: (keyof Config)[] = ['theme', 'accent', 'buttonText', 'mode', 'target', 'confirmationText']
const identity = (config: Config) =>
  JSON.stringify(Object.entries(config).filter(([k]) => !COSMETIC.includes(k as keyof Config)))

const signals: Cells = { signal, computed }

/**
 * Mounts a widget on `element`, configured by its data attributes overlaid with `options`; with `first`, takes
 * over that first screen (its options already hold the element's attributes), its elements and its state.
 * Bad configuration renders a message naming each bad attribute and logs it; it never throws.
 */
export function mount(
  element: HTMLElement,
  options: MountOptions = {},
  defaultProxy = location.origin,
  first?: Takeover,
): WidgetHandle {
  mounted.get(element)?.unmount()
  // A page opened from a booking's link: this widget may be the one to show that booking (manage/handoff.ts).
  const token = manageToken(element, first ? options : { ...readAttributes(element), ...options })
  if (token) {
    const handle = manageOn(element, options, defaultProxy, token, first?.host)
    mounted.set(element, handle)
    return handle
  }
  const host = first?.host ?? createHost(element)
  const { root } = host
  const shared = [sharedSheet(css), sharedSheet(laterCss)]
  const focus = createFocus(root)
  let current: MountOptions = first ? options : { ...readAttributes(element), ...options }
  let state: State | null = null
  let actions: Actions | null = null
  let key = ''
  let from = first?.state

  function draw() {
    const result = parseConfig(current, defaultProxy)
    if (!result.ok) {
      const message = result.errors.join('; ')
      state = null
      key = ''
      host.style(shared, null)
      console.error(`GHL booking widget: ${message}`)
      render(<ConfigError errors={result.errors} />, root)
      host.emit('error', { code: 'config', message })
      return
    }
    const config = result.config
    if (identity(config) !== key) {
      // A flow of this mount goes; the first screen's elements stay, for the new render to take over.
      if (key || !from) render(null, root)
      key = identity(config)
      const s: State = (state = createState(config, options.now ?? Date.now, signals))
      batch(() => {
        // Everything the first screen loaded and shows, as it is: its boxes become signals.
        if (from && identity(from.config.peek()) === key)
          for (const name in from) {
            // A box holds its value as its own data property; a computed value's is a getter, and neither it nor a
            // constant is copied.
            const box = from[name as keyof State]
            const held = box && typeof box == 'object' && Object.getOwnPropertyDescriptor(box, 'value')
            if (held && 'value' in held) (s[name as keyof State] as Cell<unknown>).value = held.value
          }
        s.parts.value = { Zone: ZonePicker, Meeting }
      })
      from = undefined
      const a = (actions = createActions({
        state: s,
        api: createApi({ ...config, routes, now: options.now }),
        // A replaced or unmounted flow's late answers reach nobody: no events for it.
        emit: (name, detail) => state === s && host.emit(name, detail),
        focus,
        navigate: options.navigate ?? ((url) => location.assign(url)),
      }))
      // One render for the widget's life: from here on each component follows the signals it reads.
      render(<Widget s={s} a={a} />, root)
    }
    // Cosmetic options (theme, accent, mode, button text) apply to the running flow.
    state!.config.value = config
    // A popup loads on first open; inline (also after an update from popup) starts now. begin() runs once.
    if (config.mode === 'inline') actions!.begin()
    host.style(shared, config, fitAccent)
  }

  const handle: WidgetHandle = {
    update(next) {
      current = { ...current, ...next }
      draw()
    },
    unmount() {
      render(null, root)
      host.dispose()
      state = null
      key = ''
      if (mounted.get(element) === handle) mounted.delete(element)
    },
  }
  mounted.set(element, handle)
  draw()
  return handle
}
