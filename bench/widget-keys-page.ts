/**
 * The page of `npm run bench:keys` (bench/widget-keys.ts), bundled from the widget's source so that preact's
 * `options` hooks can count component renders. The proxy is answered by the bench through request routing.
 */
import { options } from 'preact'
import { mount } from '../widget/src/mount.tsx'

/** What the bench reads back: component renders, render passes (the renders of one synchronous stretch), Intl builds. */
const counts = { renders: 0, passes: 0, formatters: 0 }
let open = false
const hooks = options as { __r?: (vnode: unknown) => void }
const previous = hooks.__r
// `__r` is preact's mangled `_render` hook: it runs before every component render.
hooks.__r = (vnode) => {
  counts.renders++
  if (!open) {
    open = true
    counts.passes++
    // Renders in one synchronous stretch are one pass: one diff of the tree the visitor sees.
    queueMicrotask(() => (open = false))
  }
  previous?.(vnode)
}
const Real = Intl.DateTimeFormat
Intl.DateTimeFormat = new Proxy(Real, {
  construct(target, args) {
    counts.formatters++
    return Reflect.construct(target, args)
  },
  apply(target, self, args) {
    counts.formatters++
    return Reflect.apply(target, self, args)
  },
})

Object.assign(window, {
  benchCounts: counts,
  benchMount: (now: number) =>
    mount(
      document.getElementById('book')!,
      { site: 'bench', calendar: 'cal-1', now: () => now, timeZone: 'UTC', locale: 'en-GB' },
      location.origin,
    ),
})
