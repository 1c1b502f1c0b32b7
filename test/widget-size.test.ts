/**
 * The built widget: `widget.js`, the classic script on the critical path, within its gzip budget; the whole
 * widget (it and the modules it loads after the first screen) under a ceiling against growth; no module syntax in
 * widget.js, and no credential anywhere in the build.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { SANDBOX } from '../demo/sandbox/seed.ts'

/**
 * What a visitor's browser parses before the first free time shows: widget.js, at most 12 KiB after gzip -9
 * (the loader, the first screen drawn without Preact or signals, English).
 */
const BUDGET = 12 * 1024
/**
 * Every file of the build together (widget.js and `widget/*.js`: the full widget with Preact and signals, the
 * form, the confirmation, manage mode), 49,046 bytes with zlib -9 when measured, rounded up to the next 256 bytes:
 * move it with the build, so that any growth is a decision. Above the single 25.2 KB bundle of before: the first
 * screen's components are in both widget.js (plain) and the full widget (Preact), and each file is compressed
 * apart. Of the growth from 42,173: the header's who and where (full widget only) with their English words in both
 * files, and words joined the language's way (day and time in one Intl phrase, the catalog's zone brackets), 0.8 KB
 * (42,965); manage mode 6,081: its own module 5,498 (loaded only from a booking link), widget.js 35 (the check for
 * the link, the confirmation's new message), the rest in the full widget (the hand-over to manage mode, what manage
 * mode imports from it, that message) and the confirmation's link.
 */
const CEILING = 192 * 256
const dist = new URL('../dist/', import.meta.url)
const main = new URL('widget.js', dist)

/** Builds when `npm test` has not (run alone), so the test measures the current source. */
function ensureBuilt() {
  if (!existsSync(main)) execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: 'inherit' })
  assert.ok(existsSync(main), 'dist/widget.js is missing and `vite build` did not produce it')
}

/** Every file of the build, by its path under dist/. */
function files(): Map<string, Buffer> {
  ensureBuilt()
  const later = readdirSync(new URL('widget/', dist)).filter((name) => name.endsWith('.js'))
  assert.ok(later.length > 0, 'the build made no modules for widget.js to load')
  return new Map([
    ['widget.js', readFileSync(main)],
    ...later.map((name) => [`widget/${name}`, readFileSync(new URL(`widget/${name}`, dist))] as const),
  ])
}

const gzipped = (code: Buffer) => gzipSync(code, { level: 9 }).length

test('widget.js, all a visitor parses before the first free time, is within the 12 KiB gzip -9 budget', (t) => {
  const code = files().get('widget.js')!
  const size = gzipped(code)
  const brotli = brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length
  t.diagnostic(`dist/widget.js is ${size} bytes gzipped (brotli ${brotli}); the budget is ${BUDGET}`)
  assert.ok(size <= BUDGET, `dist/widget.js is ${size} bytes gzipped, over the budget of ${BUDGET}`)
})

test('the whole widget, widget.js and the modules it loads later, does not grow past its ceiling', (t) => {
  const sizes = [...files()].map(([name, code]) => [name, gzipped(code)] as const)
  const total = sizes.reduce((sum, [, size]) => sum + size, 0)
  t.diagnostic(sizes.map(([name, size]) => `${name} ${size}`).join(', ') + `; ${total} in all`)
  assert.ok(total <= CEILING, `the widget is ${total} bytes gzipped in all, over the ceiling of ${CEILING}`)
})

test('widget.js is a classic script, not a module', () => {
  const code = files().get('widget.js')!.toString()
  assert.match(code, /^\(function\(\)\{/)
  assert.doesNotMatch(code, /\bimport\s*[{*"'`]|\bexport\s*[{*]|import\.meta/)
})

test('no file of the widget holds a token: not the sandbox one, nor any Bearer header or the GHL API address', () => {
  for (const [name, buffer] of files()) {
    const code = buffer.toString()
    for (const secret of [SANDBOX.token, 'GHL_TOKEN', 'Bearer', 'leadconnectorhq', 'Authorization']) {
      assert.ok(!code.includes(secret), `${secret} is in dist/${name}`)
    }
    assert.doesNotMatch(code, /pit-[0-9a-f]{8}/i, `a token-like string is in dist/${name}`)
  }
})
