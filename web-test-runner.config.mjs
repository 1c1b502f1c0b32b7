// Browser tests: widget/**/*.test.ts(x) in Debian's Chromium, TypeScript through esbuild.
import { esbuildPlugin } from '@web/dev-server-esbuild'
import { chromeLauncher } from '@web/test-runner-chrome'
import { defaultReporter } from '@web/test-runner'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium.mjs'

const INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/

/**
 * Prints one plain `browser: N passed, N failed, N skipped` line (a file that failed to load counts as a
 * failure), and before it a `browser instant:` line per instant named in a suite's title, which
 * `npm run test:dates` reads.
 */
function countReporter() {
  return {
    onTestRunFinished({ sessions }) {
      let passed = 0
      let failed = 0
      let skipped = 0
      const instants = new Map()
      const visit = (suite, instant) => {
        instant = INSTANT.exec(suite.name ?? '')?.[0] ?? instant
        for (const test of suite.tests) {
          const outcome = test.passed ? 'passed' : test.skipped ? 'skipped' : 'failed'
          if (outcome === 'passed') passed++
          else if (outcome === 'skipped') skipped++
          else failed++
          if (!instant) continue
          const counts = instants.get(instant) ?? { passed: 0, failed: 0, skipped: 0 }
          counts[outcome]++
          instants.set(instant, counts)
        }
        for (const child of suite.suites) visit(child, instant)
      }
      for (const session of sessions) {
        if (session.testResults) visit(session.testResults)
        if (!session.passed && (session.errors?.length ?? 0) > 0) failed++
      }
      for (const [instant, counts] of instants)
        console.log(`browser instant: ${instant} ${counts.passed} passed, ${counts.failed} failed`)
      console.log(`browser: ${passed} passed, ${failed} failed, ${skipped} skipped`)
    },
  }
}

export default {
  files: ['widget/**/*.test.{ts,tsx}'],
  // The instants to test at reach the page as globals (widget/test/clock.ts reads them).
  testRunnerHtml: (testFramework) => `<!doctype html>
<html>
  <body>
    <script>
      globalThis.TEST_NOW = ${JSON.stringify(process.env.TEST_NOW ?? '')}
      globalThis.TEST_ZONES = ${JSON.stringify(process.env.TEST_ZONES ?? '')}
      globalThis.TEST_INSTANTS = ${JSON.stringify(process.env.TEST_INSTANTS ?? '')}
    </script>
    <script type="module" src="${testFramework}"></script>
  </body>
</html>`,
  nodeResolve: true,
  concurrency: 2,
  testsFinishTimeout: 180_000,
  // Generous: a test that runs axe in several states can take seconds on a busy 2-core machine. Waits inside the
  // tests end as soon as their condition holds, so a long limit costs nothing when all is well.
  testFramework: { config: { timeout: 60_000 } },
  plugins: [esbuildPlugin({ ts: true, tsx: true, tsconfig: './tsconfig.json' })],
  middleware: [
    // msw's worker must be served from the site root.
    function mockServiceWorker(context, next) {
      if (context.url === '/mockServiceWorker.js') context.url = '/test/public/mockServiceWorker.js'
      return next()
    },
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: CHROMIUM_ARGS,
      },
    }),
  ],
  reporters: [defaultReporter(), countReporter()],
}
