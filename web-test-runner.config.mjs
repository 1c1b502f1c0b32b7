// Browser tests: widget/**/*.test.ts(x) in Debian's Chromium, TypeScript through esbuild.
import { esbuildPlugin } from '@web/dev-server-esbuild'
import { chromeLauncher } from '@web/test-runner-chrome'
import { defaultReporter } from '@web/test-runner'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium.mjs'

/** Prints one plain `browser: N passed, N failed` line; a file that failed to load counts as a failure. */
function countReporter() {
  return {
    onTestRunFinished({ sessions }) {
      let passed = 0
      let failed = 0
      const visit = (suite) => {
        for (const test of suite.tests) test.passed ? passed++ : test.skipped || failed++
        for (const child of suite.suites) visit(child)
      }
      for (const session of sessions) {
        if (session.testResults) visit(session.testResults)
        if (!session.passed && (session.errors?.length ?? 0) > 0) failed++
      }
      console.log(`browser: ${passed} passed, ${failed} failed`)
    },
  }
}

export default {
  files: ['widget/**/*.test.{ts,tsx}'],
  // The pinned instant and visitor zones reach the page as globals (widget/test/clock.ts reads them).
  testRunnerHtml: (testFramework) => `<!doctype html>
<html>
  <body>
    <script>
      globalThis.TEST_NOW = ${JSON.stringify(process.env.TEST_NOW ?? '')}
      globalThis.TEST_ZONES = ${JSON.stringify(process.env.TEST_ZONES ?? '')}
    </script>
    <script type="module" src="${testFramework}"></script>
  </body>
</html>`,
  nodeResolve: true,
  concurrency: 2,
  testsFinishTimeout: 180_000,
  testFramework: { config: { timeout: 10_000 } },
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
