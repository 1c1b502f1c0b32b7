// How the test scripts run node:test and @web/test-runner and read their counts. Shared by `npm test`
// (scripts/test.mjs) and `npm run test:dates` (scripts/test-dates.mjs).
import { spawn } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

export const root = new URL('..', import.meta.url).pathname

/** Test files under the given folders whose names end with one of the suffixes, sorted. */
export function findTests(dirs, suffixes) {
  const found = []
  const walk = (dir) => {
    if (!existsSync(dir)) return
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (suffixes.some((s) => entry.name.endsWith(s))) found.push(path.slice(root.length))
    }
  }
  for (const dir of dirs) walk(join(root, dir))
  return found.sort()
}

/**
 * Runs a command and resolves with its exit code and what it printed. With `echo` (the default) the output
 * goes to this process's as it comes; without, it is only returned.
 */
export function run(cmd, args, { env = {}, echo = true } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    const take = (stream) => (chunk) => {
      output += chunk
      if (echo) stream.write(chunk)
    }
    child.stdout.on('data', take(process.stdout))
    child.stderr.on('data', take(process.stderr))
    child.on('close', (code) => resolve({ code: code ?? 1, output }))
  })
}

/** The last number a pattern captures in the output, once terminal escapes are gone; undefined if none. */
export function lastNumber(output, pattern) {
  // Progress bars redraw lines with terminal escapes; count only the text.
  const text = output.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '\n')
  const all = [...text.matchAll(pattern)]
  return all.length ? Number(all.at(-1)[1]) : undefined
}

/** @typedef {{ passed: number, failed: number, skipped: number, output: string }} Counts */

/**
 * Runs node:test on `files`; resolves with its counts. A crash before the summary counts as a failure.
 * `timeoutMs` bounds each test file as a whole (suites set tighter limits of their own).
 */
export async function nodeTests(files, { timeoutMs = 180_000, ...options } = {}) {
  if (!files.length) return { passed: 0, failed: 0, skipped: 0, output: '' }
  const { code, output } = await run(
    'node',
    ['--import', 'tsx', '--test', '--test-reporter=spec', `--test-timeout=${timeoutMs}`, ...files],
    options,
  )
  const passed = lastNumber(output, /^ℹ pass (\d+)/gm) ?? 0
  // A test cancelled because its suite's setup failed did not pass either.
  const failed =
    (lastNumber(output, /^ℹ fail (\d+)/gm) ?? 0) + (lastNumber(output, /^ℹ cancelled (\d+)/gm) ?? 0)
  const skipped =
    (lastNumber(output, /^ℹ skipped (\d+)/gm) ?? 0) + (lastNumber(output, /^ℹ todo (\d+)/gm) ?? 0)
  return { passed, failed: code !== 0 && failed === 0 ? 1 : failed, skipped, output }
}

/** Runs @web/test-runner (on `files`, or the config's); resolves with the counts its reporter printed. */
export async function browserTests(files = [], options = {}) {
  const args = ['wtr', '--config', 'web-test-runner.config.mjs']
  if (files.length) args.push('--files', ...files)
  const { code, output } = await run('npx', args, options)
  const line = /^browser: (\d+) passed, (\d+) failed, (\d+) skipped$/gm
  const passed = lastNumber(output, line)
  if (passed === undefined) return { passed: 0, failed: 1, skipped: 0, output }
  const failed = lastNumber(output, /^browser: \d+ passed, (\d+) failed, \d+ skipped$/gm)
  const skipped = lastNumber(output, /^browser: \d+ passed, \d+ failed, (\d+) skipped$/gm)
  return { passed, failed: code !== 0 && failed === 0 ? 1 : failed, skipped, output }
}
