/** Mounting a widget on an element: its shadow root, stylesheets, configuration, state and events. */
import { render } from 'preact'
import { createApi } from './api.ts'
import { parseConfig, readAttributes, type Config, type MountOptions } from './config.ts'
import { createBookingState, type BookingState, type Emit } from './state.ts'
import { css, sheet } from './styles.ts'
import { EVENT_PREFIX } from './surface.ts'
import { renderConfigError, renderWidget } from './ui/Widget.tsx'

/** What `mount` returns. */
export interface WidgetHandle {
  /** Applies new options over the current ones; a new calendar, proxy, zone or language restarts the flow. */
  update(options: MountOptions): void
  /** Removes the widget; the element is left empty and may be mounted again. */
  unmount(): void
}

// Which elements carry a widget, so mounting twice on one element replaces the first instead of doubling it.
const mounted = new WeakMap<HTMLElement, WidgetHandle>()

// Options that only change how the widget looks; anything else makes a new flow.
const COSMETIC: (keyof Config)[] = ['theme', 'accent', 'buttonText', 'mode', 'target']
const identity = (config: Config) =>
  JSON.stringify(Object.entries(config).filter(([k]) => !COSMETIC.includes(k as keyof Config)))

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
  const base = sheet(css)
  let current: MountOptions = { ...readAttributes(element), ...options }
  let state: BookingState | null = null
  let key = ''

  const emit: Emit = (name, detail) => {
    const event = EVENT_PREFIX + name
    element.dispatchEvent(new CustomEvent(event, { detail, bubbles: true, composed: true }))
    ;(window as { dataLayer?: unknown[] }).dataLayer?.push?.({ event, ghlBooking: detail })
  }

  function draw() {
    const result = parseConfig(current, defaultProxy)
    if (!result.ok) {
      const message = result.errors.join('; ')
      state = null
      key = ''
      root.adoptedStyleSheets = [base]
      console.error(`GHL booking widget: ${message}`)
      render(renderConfigError(result.errors), root)
      emit('error', { code: 'config', message })
      return
    }
    const config = result.config
    // The accent was checked with CSS.supports('color'), so it cannot break out of the declaration.
    root.adoptedStyleSheets = config.accent ? [base, sheet(`:host{--ghl-accent:${config.accent}}`)] : [base]
    if (identity(config) !== key) {
      render(null, root)
      key = identity(config)
      // Any change repaints once, after the current task's other changes: a burst costs one render.
      let queued = false
      const next: BookingState = (state = createBookingState({
        config,
        api: createApi({ ...config, now: options.now }),
        // A replaced or unmounted flow's late answers reach nobody: no events for it.
        emit: (name, detail) => state === next && emit(name, detail),
        navigate: options.navigate ?? ((url) => location.assign(url)),
        now: options.now,
        onChange() {
          if (!queued)
            queueMicrotask(() => {
              queued = false
              if (state === next) paint()
            })
          queued = true
        },
      }))
    }
    // Cosmetic options (theme, accent, mode, button text) apply to the running flow.
    state!.config = config
    // A popup loads on first open; inline (also after an update from popup) starts now. begin() runs once.
    if (config.mode === 'inline') state!.begin()
    paint()
  }

  /** Renders, then serves a pending focus request (a step's heading, the grid's day, the first bad field). */
  function paint() {
    render(renderWidget(state!), root)
    const target = state!.focus
    const element =
      target &&
      root.querySelector<HTMLElement>(
        target === 'invalid' ? '[aria-invalid="true"]' : `[data-focus="${target}"]`,
      )
    if (element) {
      state!.focus = null
      element.focus()
    }
  }

  const handle: WidgetHandle = {
    update(next) {
      current = { ...current, ...next }
      draw()
    },
    unmount() {
      render(null, root)
      root.adoptedStyleSheets = []
      state = null
      key = ''
      if (mounted.get(element) === handle) mounted.delete(element)
    },
  }
  mounted.set(element, handle)
  draw()
  return handle
}
