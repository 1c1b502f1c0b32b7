/**
 * Loaded with `--import` into a child process that runs an entry on the wall clock (`proxy/src/entries/node.ts`, or
 * the built `dist/proxy/node.js`): when `CLOCK_START_MS` is set, `Date.now` runs from that instant at the real pace,
 * so the child lives at the test's pinned instant, as the sandbox the test gives it does. Nothing in the entry
 * changes. Plain JavaScript, so a built entry runs with it and no TypeScript loader.
 */
const start = Number(process.env.CLOCK_START_MS)
if (Number.isFinite(start) && start > 0) {
  const origin = performance.now()
  Date.now = () => start + Math.floor(performance.now() - origin)
}
