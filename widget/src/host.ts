/**
 * The host side of one mounted widget, for the first screen and the full widget alike: the shadow root, its
 * stylesheets (the shared ones, the site's accent, the accent made readable on the theme) and the events.
 */
import type { Config } from './config.ts'
import type { Emit } from './flow.ts'
import { EVENT_PREFIX } from './surface.ts'

/** A constructable stylesheet with `text`; replaceSync parses CSS without any inline style. */
export function sheet(text: string): CSSStyleSheet {
  const s = new CSSStyleSheet()
  s.replaceSync(text)
  return s
}

/** Declarations that make the accent of a widget's `.root` readable, or '' (contrast.ts's `fitAccent`). */
export type Fit = (container: HTMLElement) => string

/** Stylesheets shared by every widget of the page, by their text: parsed once. */
const parsed = new Map<string, CSSStyleSheet>()

/** The shared stylesheet of `text` (one of the widget's own, a handful per page). */
export function sharedSheet(text: string): CSSStyleSheet {
  let found = parsed.get(text)
  if (!found) parsed.set(text, (found = sheet(text)))
  return found
}

/** The host of a widget on `element`: its shadow root (made when missing), stylesheets and events. */
export function createHost(element: HTMLElement) {
  const root = element.shadowRoot ?? element.attachShadow({ mode: 'open' })
  const dark = matchMedia('(prefers-color-scheme: dark)')
  const forced = matchMedia('(forced-colors: active)')
  let shared: CSSStyleSheet[] = []
  let config: Config | null = null
  let fit: Fit | undefined

  /** The stylesheets: the shared ones, the site's accent, and the accent made readable on this theme. */
  function style() {
    // The accent was checked with CSS.supports('color'), so it cannot break out of the declaration.
    const sheets = config?.accent ? [...shared, sheet(`:host{--ghl-accent:${config.accent}}`)] : shared
    root.adoptedStyleSheets = sheets
    const container = config && root.querySelector<HTMLElement>('.root')
    const fitted = container && fit && !forced.matches ? fit(container) : ''
    if (fitted) root.adoptedStyleSheets = [...sheets, sheet(`.root.root{${fitted}}`)]
  }
  dark.addEventListener('change', style)
  forced.addEventListener('change', style)

  const emit: Emit = (name, detail) => {
    const event = EVENT_PREFIX + name
    element.dispatchEvent(new CustomEvent(event, { detail, bubbles: true, composed: true }))
    ;(window as { dataLayer?: unknown[] }).dataLayer?.push?.({ event, ghlBooking: detail })
  }

  return {
    root,
    emit,
    /**
     * Styles the widget with `sheets` for `next` (null: a configuration error, the shared sheets only), the
     * accent made readable by `fitWith` (contrast.ts's `fitAccent`; the first screen goes without, as it loads
     * without it: until the full widget is in, an accent shows as the site gave it).
     */
    style(sheets: CSSStyleSheet[], next: Config | null, fitWith?: Fit) {
      shared = sheets
      config = next
      fit = fitWith
      style()
    },
    /** Stops following the page's colour scheme and removes the stylesheets. */
    dispose() {
      dark.removeEventListener('change', style)
      forced.removeEventListener('change', style)
      root.adoptedStyleSheets = []
    },
  }
}

/** The host of one widget. */
export type Host = ReturnType<typeof createHost>
