/** Mounting a widget on an element: its shadow root, stylesheets, configuration, state and events. */
import { render } from 'preact'
import { createActions, type Actions, type Emit } from './actions.ts'
import { createApi } from './api.ts'
import { parseConfig, readAttributes, type Config, type MountOptions } from './config.ts'
import { fitAccent } from './contrast.ts'
import { createFocus } from './focus.ts'
import { createState, type State } from './state.ts'
import { css, sheet } from './styles.ts'
import { EVENT_PREFIX } from './surface.ts'
import { ConfigError, Widget } from './ui/Widget.tsx'

/** What `mount` returns. */
export interface WidgetHandle {
  /** Applies new options over the current ones; a new calendar, proxy, zone or language restarts the flow. */
  update(options: MountOptions): void
  /** Removes the widget and frees its state; the element is left empty and may be mounted again. */
  unmount(): void
}

// Which elements carry a widget, so mounting twice on one element replaces the first instead of doubling it.
const mounted = new WeakMap<HTMLElement, WidgetHandle>()

// Options that only change how the widget looks; anything else makes a new flow.
const COSMETIC: (keyof Config)[] = ['theme', 'accent', 'buttonText', 'mode', 'target', 'confirmationText']
const identity = (config: Config) =>
  JSON.stringify(Object.entries(config).filter(([k]) => !COSMETIC.includes(k as keyof Config)))

/** The one stylesheet every widget shares, parsed once. */
let base: CSSStyleSheet | undefined

/**
 * Mounts a widget on `element`, configured by its data attributes overlaid with `options`.
 * Bad configuration renders a message naming each bad attribute and logs it; it never throws.
 */
export function mount(
  element: HTMLElement,
  options: MountOptions = {},
  defaultProxy = location.origin,
): WidgetHandle {
  mounted.get(element)?.unmount()
  const root = element.shadowRoot ?? element.attachShadow({ mode: 'open' })
  base ??= sheet(css)
  const focus = createFocus(root)
  let current: MountOptions = { ...readAttributes(element), ...options }
  let state: State | null = null
  let actions: Actions | null = null
  let key = ''
  const dark = matchMedia('(prefers-color-scheme: dark)')
  const forced = matchMedia('(forced-colors: active)')

  const emit: Emit = (name, detail) => {
    const event = EVENT_PREFIX + name
    element.dispatchEvent(new CustomEvent(event, { detail, bubbles: true, composed: true }))
    ;(window as { dataLayer?: unknown[] }).dataLayer?.push?.({ event, ghlBooking: detail })
  }

  /** The stylesheets: the shared one, the site's accent, and the accent made readable on this theme. */
  function style(config: Config) {
    // The accent was checked with CSS.supports('color'), so it cannot break out of the declaration.
    const sheets = config.accent ? [base!, sheet(`:host{--ghl-accent:${config.accent}}`)] : [base!]
    root.adoptedStyleSheets = sheets
    const container = root.querySelector<HTMLElement>('.root')
    const fit = container && !forced.matches ? fitAccent(container) : ''
    if (fit) root.adoptedStyleSheets = [...sheets, sheet(`.root.root{${fit}}`)]
  }
  const restyle = () => state && style(state.config.peek())

  function draw() {
    const result = parseConfig(current, defaultProxy)
    if (!result.ok) {
      const message = result.errors.join('; ')
      state = null
      key = ''
      root.adoptedStyleSheets = [base!]
      console.error(`GHL booking widget: ${message}`)
      render(<ConfigError errors={result.errors} />, root)
      emit('error', { code: 'config', message })
      return
    }
    const config = result.config
    if (identity(config) !== key) {
      render(null, root)
      key = identity(config)
      const s: State = (state = createState(config, options.now ?? Date.now))
      const a = (actions = createActions({
        state: s,
        api: createApi({ ...config, now: options.now }),
        // A replaced or unmounted flow's late answers reach nobody: no events for it.
        emit: (name, detail) => state === s && emit(name, detail),
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
    style(config)
  }

  dark.addEventListener('change', restyle)
  forced.addEventListener('change', restyle)
  const handle: WidgetHandle = {
    update(next) {
      current = { ...current, ...next }
      draw()
    },
    unmount() {
      render(null, root)
      root.adoptedStyleSheets = []
      dark.removeEventListener('change', restyle)
      forced.removeEventListener('change', restyle)
      state = null
      key = ''
      if (mounted.get(element) === handle) mounted.delete(element)
    },
  }
  mounted.set(element, handle)
  draw()
  return handle
}
