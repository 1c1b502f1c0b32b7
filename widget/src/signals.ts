/**
 * Minimal signals for one widget: `.value` reads and writes, and one change feed per mount. The widget's
 * root re-renders on any change, which for a tree this small costs less than @preact/signals' 3.5 KB gzip
 * (the bundle's size budget is 15 KB, see test/widget-size.test.ts).
 */

/** A value that tells its owner's subscribers when it changes. */
export interface Signal<T> {
  value: T
}

/** Creates the signal factory and change feed of one mount; never shared between widgets. */
export function createSignals() {
  const listeners = new Set<() => void>()
  return {
    /** A new signal holding `initial`. */
    signal<T>(initial: T): Signal<T> {
      let current = initial
      return {
        get value() {
          return current
        },
        set value(next: T) {
          if (Object.is(next, current)) return
          current = next
          for (const listener of listeners) listener()
        },
      }
    },
    /** Calls `listener` after every change of any signal of this mount; returns the unsubscribe function. */
    subscribe(listener: () => void): () => void {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
