// `npm run test:dates`: the date-sensitive suites (the sandbox's free slots and the proxy's slot windows, the
// month grid and its keys, booking end to end) at every instant of DATE_MATRIX, each in its visitor zones.
// The suites loop over the instants themselves (TEST_INSTANTS=matrix), so each runner starts once; each suite
// names its instant in its title, which is how the result of every instant is read back.
// Prints one line per instant, then `dates: N instants, N passed, N failed`.
import { DATE_MATRIX } from './dates.mjs'
import { browserTests, nodeTests } from './runners.mjs'

/** The suites that depend on "today"; each runs once per instant of TEST_INSTANTS. */
export const DATE_SUITES = {
  node: ['test/dates-slots.test.ts', 'test/e2e-booking.test.ts'],
  browser: ['widget/test/dates.test.tsx', 'widget/test/keyboard.test.tsx'],
}

const ISO = '(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z)'
const plain = (output) => output.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '\n')

/** Each instant's verdict in one runner's output: false when a suite at that instant failed. */
function verdicts(output) {
  const found = new Map()
  const text = plain(output)
  // node:test's spec reporter: a top-level suite's line starts the line, `✔` or `✖`.
  for (const [, mark, iso] of text.matchAll(new RegExp(`^(✔|✖) .*?${ISO}`, 'gm')))
    found.set(iso, (found.get(iso) ?? true) && mark === '✔')
  for (const [, iso, failed] of text.matchAll(
    new RegExp(`^browser instant: ${ISO} \\d+ passed, (\\d+) failed`, 'gm'),
  ))
    found.set(iso, (found.get(iso) ?? true) && failed === '0')
  return found
}

/** Runs the suites over the matrix; resolves with the tests' counts and how many instants failed. */
export async function runDates(matrix = DATE_MATRIX) {
  const env = { TEST_INSTANTS: 'matrix' }
  // Every instant's suites in one file run one after the other: give the file the time of all of them.
  const node = await nodeTests(DATE_SUITES.node, { env, echo: false, timeoutMs: 60_000 * matrix.length })
  const browser = await browserTests(DATE_SUITES.browser, { env, echo: false })
  const results = [verdicts(node.output), verdicts(browser.output)]
  let failedInstants = 0
  for (const instant of matrix) {
    const iso = new Date(instant.now).toISOString()
    // An instant some runner never reported on (it crashed first) did not pass.
    const passed = results.every((found) => found.get(iso) === true)
    if (!passed) failedInstants++
    const replay = passed
      ? ''
      : `   replay: TEST_NOW=${iso} TEST_ZONES=${instant.zones.join(',')} node scripts/test.mjs node browser`
    console.log(`${passed ? '✔' : '✖'} ${iso}  ${instant.name} (${instant.zones.join(', ')})${replay}`)
  }
  for (const part of [node, browser]) if (part.failed) console.log(failures(part.output))
  console.log(
    `dates: ${matrix.length} instants, ${matrix.length - failedInstants} passed, ${failedInstants} failed`,
  )
  return {
    passed: node.passed + browser.passed,
    failed: node.failed + browser.failed,
    skipped: node.skipped + browser.skipped,
    failedInstants,
  }
}

/** What a runner said about its failures, without the passing tests' lines. */
function failures(output) {
  const text = plain(output)
  const start = text.search(/^✖ failing tests:|^\s*❌/m)
  return (start < 0 ? text : text.slice(start)).trim()
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const total = await runDates()
  process.exitCode = total.failedInstants || !total.passed ? 1 : 0
}
