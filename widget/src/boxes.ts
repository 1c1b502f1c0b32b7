/**
 * Plain cells for the first screen (state.ts's `Cells`): a value in a box, and a value computed on every read.
 * Nothing subscribes to them: the first screen draws again after each step of its load (first-screen.ts). When
 * the full widget takes over, it copies every box into a signal of its own (mount.tsx). Object literals rather
 * than classes: the same cells in fewer bytes of widget.js, whose budget is spent.
 */
import type { Cells } from './state.ts'

/** Cells of plain boxes. */
export const boxes: Cells = {
  signal: (value) => ({
    value,
    peek() {
      return this.value
    },
  }),
  computed: (compute) => ({
    get value() {
      return compute()
    },
    peek: compute,
  }),
}
