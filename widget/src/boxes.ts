/**
 * Plain cells for the first screen (state.ts's `Cells`): a value in a box, and a value computed on every read.
 * Nothing subscribes to them: the first screen draws again after each step of its load (first-screen.ts). When
 * the full widget takes over, it copies every box into a signal of its own (mount.tsx).
 */
import type { Cell, Cells, Derived } from './state.ts'

/** A plain value cell. */
export class Box<T> implements Cell<T> {
  constructor(public value: T) {}
  peek(): T {
    return this.value
  }
}

/** A cell computed from others on every read. */
class Computed<T> implements Derived<T> {
  constructor(private compute: () => T) {}
  get value(): T {
    return this.compute()
  }
  peek(): T {
    return this.compute()
  }
}

/** Cells of plain boxes. */
export const boxes: Cells = {
  signal: (value) => new Box(value),
  computed: (compute) => new Computed(compute),
}
