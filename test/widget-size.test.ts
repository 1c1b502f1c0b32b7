/** The built widget stays one small classic script: the gzip budget, a ceiling against growth, no module syntax. */
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { gzipSync } from 'node:zlib'
import { SANDBOX } from '../demo/sandbox/seed.ts'

/** The budget the widget is held to: 19 KiB after gzip -9. */
const BUDGET = 19 * 1024
/** The size the widget aims for; reported, not enforced. */
const AIM = 12 * 1024
/**
 * What the complete widget weighs today (16,304 bytes with zlib -9: English built in, other languages fetched
 * from the proxy; about 700 of them the optional Turnstile challenge and the contract's control-character rules)
 * rounded up to the next 256 bytes: move it with the bundle, so that any growth is a decision.
 */
const CEILING = 64 * 256
const file = new URL('../dist/widget.js', import.meta.url)

function gzipped(): number {
  // `npm test` builds first; run alone, build here so the test still measures the current source.
  if (!existsSync(file)) execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: 'inherit' })
  assert.ok(existsSync(file), 'dist/widget.js is missing and `vite build` did not produce it')
  return gzipSync(readFileSync(file), { level: 9 }).length
}

test('widget.js is within the 19 KiB gzip -9 budget', () => {
  const size = gzipped()
  assert.ok(size <= BUDGET, `dist/widget.js is ${size} bytes gzipped, over the budget of ${BUDGET}`)
})

test('widget.js against the 12 KiB aim (information only)', (t) => {
  const size = gzipped()
  t.diagnostic(`dist/widget.js is ${size} bytes gzipped; the aim is ${AIM} (${size - AIM} to go)`)
})

test('widget.js does not grow past its ceiling', () => {
  const size = gzipped()
  assert.ok(size <= CEILING, `dist/widget.js is ${size} bytes gzipped, over the ceiling of ${CEILING}`)
})

test('widget.js is a classic script, not a module', () => {
  const code = readFileSync(file, 'utf8')
  assert.match(code, /^\(function\(\)\{/)
  assert.doesNotMatch(code, /\bimport\s*[{*"'`]|\bexport\s*[{*]|import\.meta/)
  assert.doesNotMatch(code, /GHL_TOKEN|pit-[0-9a-f]{8}/i, 'no credential may reach the bundle')
})

test('widget.js holds no token: not the sandbox one, nor any Bearer header or the GHL API address', () => {
  const code = readFileSync(file, 'utf8')
  for (const secret of [SANDBOX.token, 'Bearer', 'leadconnectorhq', 'Authorization']) {
    assert.ok(!code.includes(secret), `${secret} is in dist/widget.js`)
  }
})
