// Runs every check and test runner in turn and ends with one plain line: `N passed, N failed`.
// Checks (browser present, build, type check, format) count as one test each; node:test and
// @web/test-runner report their own counts.
import { spawn } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const only = process.argv.slice(2) // optional step names: chromium build types format node browser

/** Test files under the given folders whose names end with one of the suffixes, sorted. */
function findTests(dirs, suffixes) {
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

/** Runs a command, echoing its output, and resolves with its exit code and what it printed. */
function run(cmd, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    const echo = (stream) => (chunk) => {
      output += chunk
      stream.write(chunk)
    }
    child.stdout.on('data', echo(process.stdout))
    child.stderr.on('data', echo(process.stderr))
    child.on('close', (code) => resolve({ code: code ?? 1, output }))
  })
}

const lastNumber = (output, pattern) => {
  // Progress bars redraw lines with terminal escapes; count only the text.
  const text = output.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '\n')
  const all = [...text.matchAll(pattern)]
  return all.length ? Number(all.at(-1)[1]) : undefined
}

const steps = [
  {
    // First, so that the end-to-end tests in the node step find the browser too (they skip without one).
    name: 'chromium',
    async run() {
      const { code } = await run('bash', ['scripts/ensure-chromium.sh'])
      return code === 0 ? [1, 0] : [0, 1]
    },
  },
  {
    name: 'build',
    async run() {
      const { code } = await run('npx', ['vite', 'build', '--logLevel', 'warn'])
      return code === 0 ? [1, 0] : [0, 1]
    },
    skip: () => !existsSync(join(root, 'vite.config.ts')),
  },
  {
    name: 'types',
    async run() {
      const { code } = await run('npx', ['tsc', '--noEmit', '-p', '.'])
      return code === 0 ? [1, 0] : [0, 1]
    },
  },
  {
    name: 'format',
    async run() {
      const { code } = await run('npx', ['prettier', '--check', '--log-level', 'warn', '.'])
      return code === 0 ? [1, 0] : [0, 1]
    },
  },
  {
    name: 'node',
    async run() {
      const files = findTests(['proxy', 'demo', 'test', 'scripts'], ['.test.ts'])
      if (!files.length) return [0, 0]
      const { code, output } = await run('node', [
        '--import',
        'tsx',
        '--test',
        '--test-reporter=spec',
        '--test-timeout=180000',
        ...files,
      ])
      const passed = lastNumber(output, /^ℹ pass (\d+)/gm) ?? 0
      // A test cancelled because its suite's setup failed did not pass either.
      const failed =
        (lastNumber(output, /^ℹ fail (\d+)/gm) ?? 0) + (lastNumber(output, /^ℹ cancelled (\d+)/gm) ?? 0)
      // A crash before the summary still has to count as a failure.
      return [passed, code !== 0 && failed === 0 ? failed + 1 : failed]
    },
  },
  {
    name: 'browser',
    async run() {
      const files = findTests(['widget'], ['.test.ts', '.test.tsx'])
      if (!files.length) return [0, 0]
      const { code, output } = await run('npx', ['wtr', '--config', 'web-test-runner.config.mjs'])
      const passed = lastNumber(output, /^browser: (\d+) passed, \d+ failed$/gm)
      const failed = lastNumber(output, /^browser: \d+ passed, (\d+) failed$/gm)
      if (passed === undefined || failed === undefined) return [0, 1]
      return [passed, code !== 0 && failed === 0 ? 1 : failed]
    },
  },
]

let passed = 0
let failed = 0
for (const step of steps) {
  if (only.length && !only.includes(step.name)) continue
  if (step.skip?.()) continue
  console.log(`\n── ${step.name} ──`)
  const [p, f] = await step.run()
  console.log(`── ${step.name}: ${p} passed, ${f} failed`)
  passed += p
  failed += f
}
console.log(`\n${passed} passed, ${failed} failed`)
process.exitCode = failed > 0 || passed === 0 ? 1 : 0
