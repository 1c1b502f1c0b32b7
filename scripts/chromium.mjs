// The Chromium every browser run uses (node:test end-to-end tests, the benchmark, the screenshots and
// web-test-runner): Debian's, as browser downloads are not possible on these machines. Plain JavaScript so the
// web-test-runner config can import it without a TypeScript loader; types in chromium.d.mts.

/** The Chromium executable: `CHROMIUM_PATH`, else Debian's. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

/** Launch flags. Root needs --no-sandbox; the networking flags stop Chromium from calling hosts this network refuses. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
]
