/**
 * Focus requests of one widget, kept out of its state: an action asks for a target (the day's times, the form,
 * the first bad field), and the request is served once the render it caused is in the DOM. Only the visitor's
 * own actions ask: nothing takes focus on page load, so the host page never scrolls or loses its own focus.
 */

/** What can take focus: an element with `data-focus` of that name, or `invalid` (the first bad field). */
export type FocusTarget =
  | 'slots'
  | 'form'
  | 'day'
  | 'done'
  | 'notice'
  | 'invalid'
  | 'open'
  /** Manage mode: the heading of the screen it shows. */
  | 'heading'

/** The focus requests of the widget rendered in `root`. */
export function createFocus(root: ShadowRoot) {
  let pending: FocusTarget | null = null
  let tries = 0
  const serve = () => {
    if (!pending) return
    const element = root.querySelector<HTMLElement>(
      pending === 'invalid' ? '[aria-invalid="true"]' : `[data-focus="${pending}"]`,
    )
    if (element) {
      pending = null
      element.focus()
    } else if (tries++ < 20) setTimeout(serve, 25)
    else pending = null
  }
  return {
    /** Focuses `target` after the next render (renders run in a microtask, before this timer). */
    request(target: FocusTarget) {
      pending = target
      tries = 0
      setTimeout(serve)
    },
  }
}

/** The focus requests of one widget. */
export type Focus = ReturnType<typeof createFocus>
