/**
 * The reactive store of one widget: a plain object whose property writes tell the mount to repaint. The root
 * re-renders on any change, which for a tree this small costs less than @preact/signals' 3.5 KB gzip or even
 * one `.value` per read (the bundle's size budget is 15 KB, see test/widget-size.test.ts).
 */

/**
 * Wraps `data` so that writing a property with a new value calls `onChange`; reads are plain reads.
 * Created per mount, never shared between widgets.
 */
export function createStore<T extends object>(data: T, onChange: () => void): T {
  return new Proxy(data as Record<PropertyKey, unknown>, {
    set(target, key, value) {
      if (target[key] !== value) {
        target[key] = value
        onChange()
      }
      return true
    },
  }) as T
}
