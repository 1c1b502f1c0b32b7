// The whole proxy under a flood of distinct valid slots queries: its heap stays bounded, whatever the queries.
// The load runs in a child process with a 200 MB heap and `gc()` (test/support/memory-load.ts), so it can crash
// on its own and measure its own heap after full collections.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { TEST_NOW_ISO } from './support/dates.ts'

const QUERIES = 20_000
/**
 * What distinct slots queries can fill, as counted: remembered answers, their bodies and ETags (16 MiB; bodies
 * were a second 16 MiB cache before, which this bound still allows for), query strings (1 MiB), zone names (about
 * 0.7 MB) and local midnights (1 MiB); plus about 5 MB for the collector's own slack. Counted sizes are upper
 * bounds, so the heap really grows by much less (about 7 MB measured).
 */
const MAX_GROWTH_BYTES = 40 * 1024 * 1024

test(`${QUERIES} distinct valid slots queries: no crash in a 200 MB heap, heap growth under 40 MiB`, async () => {
  const child = spawn(
    process.execPath,
    [
      '--max-old-space-size=200',
      '--expose-gc',
      '--import',
      'tsx',
      fileURLToPath(new URL('./support/memory-load.ts', import.meta.url)),
      String(QUERIES),
      TEST_NOW_ISO,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => (stdout += chunk))
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4_000)))
  const [code, signal] = await once(child, 'exit')
  assert.equal(code, 0, `the load ended with ${code ?? signal}: ${stderr}`)
  const report = JSON.parse(stdout.trim().split('\n').at(-1)!)
  assert.deepEqual(report.statuses, { 200: QUERIES })
  assert.ok(
    report.growth < MAX_GROWTH_BYTES,
    `the heap grew by ${(report.growth / 1e6).toFixed(1)} MB after GC`,
  )
})
