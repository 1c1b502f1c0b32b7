// `npm test`: every check and test runner in turn, ending with one plain line `N passed, N failed, N skipped`.
// Checks (browser present, build, type check, format) count as one test each; node:test and @web/test-runner
// report their own counts; the dates step replays the date-sensitive suites at many instants.
// Optional arguments name the steps to run: chromium redis build types portable format node runtimes browser dates.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { runDates } from './test-dates.mjs'
import { browserTests, findTests, nodeTests, root, run } from './runners.mjs'

const only = process.argv.slice(2)

/** The behaviour suite's adapters, one per runtime, and the entries' start-up test. */
const RUNTIMES = 'test/runtimes/'

/** Runs each file of test/runtimes/ alone and prints its count, by runtime; resolves with the sum. */
async function runtimeTests() {
  const total = { passed: 0, failed: 0, skipped: 0 }
  const lines = []
  for (const file of findTests(['test/runtimes'], ['.test.ts'])) {
    const counts = await nodeTests([file])
    const name = file.slice(RUNTIMES.length, -'.test.ts'.length)
    lines.push(`   ${name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`)
    total.passed += counts.passed
    total.failed += counts.failed
    total.skipped += counts.skipped
  }
  console.log(`\n${lines.join('\n')}`)
  return total
}

/** A check that passes when its command exits 0. */
const check = (cmd, args) => async () => {
  const { code } = await run(cmd, args)
  return { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0 }
}

const steps = [
  // First, so that the end-to-end tests in the node step find the browser too (they skip without one).
  { name: 'chromium', run: check('bash', ['scripts/ensure-chromium.sh']) },
  { name: 'redis', run: check('bash', ['scripts/ensure-redis.sh']) },
  {
    name: 'build',
    // `npm run build`: the widget, then the proxy's entries in plain JavaScript (dist/proxy/).
    run: async () => {
      const widget = await check('npx', ['vite', 'build', '--logLevel', 'warn'])()
      return widget.failed ? widget : check('node', ['scripts/build-proxy.mjs'])()
    },
    skip: () => !existsSync(join(root, 'vite.config.ts')),
  },
  { name: 'types', run: check('npx', ['tsc', '--noEmit', '-p', '.']) },
  // The code reachable from createApp against Cloudflare's Workers types, without Node's: it runs on edge runtimes.
  { name: 'portable', run: check('npx', ['tsc', '--noEmit', '-p', 'tsconfig.workers.json']) },
  { name: 'format', run: check('npx', ['prettier', '--check', '--log-level', 'warn', '.']) },
  {
    name: 'node',
    run: () =>
      nodeTests(
        findTests(['contract', 'proxy', 'demo', 'test', 'scripts'], ['.test.ts']).filter(
          (file) => !file.startsWith(RUNTIMES),
        ),
      ),
  },
  // The behaviour suite on each runtime, its count printed per runtime, then each entry started as a user would.
  { name: 'runtimes', run: () => runtimeTests() },
  { name: 'browser', run: () => browserTests() },
  { name: 'dates', run: () => runDates() },
]

const total = { passed: 0, failed: 0, skipped: 0 }
for (const step of steps) {
  if (only.length && !only.includes(step.name)) continue
  if (step.skip?.()) continue
  console.log(`\n── ${step.name} ──`)
  const { passed, failed, skipped } = await step.run()
  console.log(`── ${step.name}: ${passed} passed, ${failed} failed, ${skipped} skipped`)
  total.passed += passed
  total.failed += failed
  total.skipped += skipped
}
console.log(`\n${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`)
process.exitCode = total.failed > 0 || total.passed === 0 ? 1 : 0
