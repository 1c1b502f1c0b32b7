/**
 * The first screen, part of `widget.js` (main.ts): all a visitor waits for before the first free time shows. It
 * draws the widget's own components (ui/Widget.tsx down to the month and the times) as plain elements
 * (plain.ts), without Preact and signals, over the requests the loader already started: the calendar, this
 * month's slots and the language. Once that is on screen, the full widget (mount.tsx: Preact, signals, the form,
 * the confirmation, the zone list) loads and takes over the same elements and state; a click in between is
 * replayed then. A configuration with an error goes to the full widget at once, which says what is wrong, and so
 * does a page opened from a booking's link (linked.ts).
 */
import type { routes } from '../../contract/schemas.ts'
import { createApi } from './api.ts'
import { boxes } from './boxes.ts'
import { parseConfig, readAttributes, type MountOptions } from './config.ts'
import { createFlow } from './flow.ts'
import { createHost, sharedSheet } from './host.ts'
import type { mount, WidgetHandle } from './mount.tsx'
import { linked } from './linked.ts'
import { draw, h } from './plain.ts'
import { createState, type State } from './state.ts'
import { css } from './styles.ts'
import { Widget } from './ui/Widget.tsx'

/** What the loader hands the first screen. */
export interface Loader {
  /** The proxy when `data-proxy` names none: the script's own origin. */
  proxy: string
  /** The contract's `routes`, which the loader built its requests with. */
  routes: typeof routes
  /** The request the loader started for `url`, handed over once; undefined when it started none. */
  take(url: string): Promise<Response> | undefined
  /** Loads the full widget's module. */
  full(): Promise<{ mount: typeof mount }>
}

/** What the first screen does not do itself: none of its components' handlers run before the takeover. */
const NO_ACTIONS = {} as never

/**
 * Mounts the first screen on `element`, configured by its data attributes overlaid with `options`, and hands it
 * to the full widget once drawn. The handle forwards to the full widget's once that has taken over.
 */
export function mountFirst(element: HTMLElement, options: MountOptions, loader: Loader): WidgetHandle {
  const host = createHost(element)
  const { root } = host
  let current: MountOptions = { ...readAttributes(element), ...options }
  let full: WidgetHandle | undefined
  let gone = false
  let state: State | undefined
  // Clicks before the takeover, replayed on the same elements after it.
  const clicks: Element[] = []

  let loading: Promise<void> | undefined
  /** Loads the full widget and hands over; a failed load is tried again at the next click. */
  const takeOver = () =>
    (loading ??= loader.full().then(
      ({ mount }) => {
        if (gone) return
        root.removeEventListener('click', record, true)
        full = mount(element, current, loader.proxy, { host, state })
        for (const target of clicks.splice(0)) if (target.isConnected) (target as HTMLElement).click()
      },
      () => {
        loading = undefined
      },
    ))
  function record(e: Event) {
    const target = (e.composedPath()[0] as Element).closest?.('button,[role=option],input')
    if (target) clicks.push(target)
    takeOver()
  }
  root.addEventListener('click', record, true)

  /** Draws the state as it is, unless the full widget has taken over. */
  const redraw = () => {
    if (gone || full || !state) return
    root.replaceChildren()
    draw(h(Widget, { s: state, a: NO_ACTIONS }), root)
    host.style([sharedSheet(css)], state.config.peek())
  }
  /** Once the screen is painted, the rest of the widget loads. */
  const later = () => requestAnimationFrame(() => setTimeout(takeOver))

  const parsed = parseConfig(current, loader.proxy)
  // A page opened from a booking's link: the full widget decides what shows (manage mode, or the booking flow).
  if (!parsed.ok || linked) takeOver()
  else {
    const config = parsed.config
    const s = (state = createState(config, current.now ?? Date.now, boxes))
    const flow = createFlow({
      state: s,
      api: createApi({
        ...config,
        routes: loader.routes,
        now: current.now,
        fetch: (url, init) => loader.take(String(url)) ?? fetch(url, init),
      }),
      // Events of a first screen the full widget replaced are not the page's to hear.
      emit: (name, detail) => !gone && host.emit(name, detail),
      // Nothing takes focus before the visitor does something, and the first screen does nothing.
      focus: { request() {} },
      batch: (fn) => fn(),
      // The next month is the full widget's to fetch: nothing of the first screen is in flight at the takeover.
      ahead: false,
    })
    redraw()
    // Drawn again only when something came in: a click on what is on screen replays on that very element.
    if (config.mode === 'inline') flow.start().then(redraw).then(later)
    else if (flow.words) flow.words.then(redraw).then(later)
    else later()
  }

  return {
    update(next) {
      current = { ...current, ...next }
      if (full) full.update(next)
      else takeOver()
    },
    unmount() {
      if (full) return full.unmount()
      gone = true
      root.replaceChildren()
      host.dispose()
    },
  }
}
