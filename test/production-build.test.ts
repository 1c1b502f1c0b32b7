/**
 * The production sequence on a copy of the project: `npm run build` with the dev dependencies, then only the
 * production ones installed (`npm ci --omit=dev`, from the local npm cache), then the built Node entry (what
 * `npm start` runs) with plain `node`: no TypeScript loader, no dev dependency on disk. It serves the widget and
 * the builder from the build, books through the GHL sandbox, and on SIGTERM finishes a booking in flight and exits 0.
 */
import assert from 'node:assert/strict'
import { execFileSync, spawn } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { after, before, describe, it } from 'node:test'
import { routes, type Slot } from '../contract/schemas.ts'
import { SANDBOX } from '../demo/sandbox/index.ts'
import { TEST_NOW } from './support/dates.ts'
import {
  PROCESS_ORIGIN,
  SHIFTED_CLOCK,
  serveSandbox,
  startProxyProcess,
  type ProxyProcess,
  type ServedSandbox,
} from './support/proxy-process.ts'
import { visitor } from './support/proxy-on-sandbox.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const CAL = SANDBOX.calendars.consultation
const ZONE = 'America/New_York'
const DAY_MS = 86_400_000
const ADMIN_TOKEN = 'admin-token-of-the-production-test'
const METRICS_TOKEN = 'metrics-token-of-the-production-test'

/** Runs `npm args` in `cwd`; rejects with its output when it fails or takes longer than `timeoutMs`. */
function npm(cwd: string, args: string[], timeoutMs = 240_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      if (code === 0) resolve()
      else reject(new Error(`npm ${args.join(' ')} ended ${code ?? signal}:\n${output.slice(-4_000)}`))
    })
  })
}

/** Copies the project's files (tracked, or new and not ignored) into `dir`, as a clean clone holds them. */
function copyProject(dir: string) {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  })
  for (const file of files.split('\0')) {
    if (!file || !existsSync(join(root, file))) continue
    mkdirSync(dirname(join(dir, file)), { recursive: true })
    cpSync(join(root, file), join(dir, file))
  }
}

describe('the production build', { timeout: 600_000 }, () => {
  let dir: string
  let served: ServedSandbox
  let proxy: ProxyProcess | undefined

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'production-build-'))
    copyProject(dir)
    // Building needs the dev dependencies: this repository's, lent for the build and taken back after.
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir')
    await npm(dir, ['run', 'build'])
    rmSync(join(dir, 'node_modules'))
    await npm(dir, ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'])
    served = await serveSandbox(TEST_NOW)
  })
  after(async () => {
    await proxy?.stop()
    await served?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('installs no dev dependency but an optional peer, which the run does without', () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    assert.equal(manifest.scripts.start, 'node dist/proxy/node.js')
    for (const name of Object.keys(manifest.dependencies)) {
      assert.equal(existsSync(join(dir, 'node_modules', name)), true, `${name} is missing`)
    }
    // npm keeps typescript, an optional peer of valibot (for its types): removed, so the run below proves that no
    // dev dependency is needed, the TypeScript loader above all.
    const kept = Object.keys(manifest.devDependencies).filter((name) =>
      existsSync(join(dir, 'node_modules', name)),
    )
    assert.deepEqual(kept, ['typescript'])
    rmSync(join(dir, 'node_modules/typescript'), { recursive: true })
    assert.equal(existsSync(join(dir, 'node_modules/tsx')), false)
  })

  it('serves the widget and the builder from the build, and books through the sandbox', async () => {
    proxy = await startProxyProcess({
      sandboxUrl: served.url,
      now: TEST_NOW,
      cwd: dir,
      args: ['--import', SHIFTED_CLOCK, 'dist/proxy/node.js'],
      env: { WIDGET_FILE: 'dist/widget.js', ADMIN_TOKEN, METRICS_TOKEN },
    })
    assert.equal(proxy.lines.find((line) => line.msg === 'listening')?.widget, 'built')
    const widget = await fetch(`${proxy.url}/widget.js`)
    assert.equal(widget.status, 200)
    assert.equal(await widget.text(), readFileSync(join(dir, 'dist/widget.js'), 'utf8'))
    const builder = await fetch(`${proxy.url}/admin/`)
    assert.equal(builder.status, 200)
    assert.match(await builder.text(), /<html/i)

    const date = (ms: number) => new Date(ms).toISOString().slice(0, 10)
    const query = new URLSearchParams({
      from: date(TEST_NOW + DAY_MS),
      to: date(TEST_NOW + 8 * DAY_MS),
      timeZone: ZONE,
    })
    const read = await fetch(`${proxy.url}${routes.slots(proxy.site, CAL)}?${query}`)
    assert.equal(read.status, 200)
    const { slots } = (await read.json()) as { slots: Slot[] }
    assert.ok(slots.length >= 2, `only ${slots.length} free slots`)

    const book = (n: number, slot: Slot) =>
      fetch(proxy!.url + routes.bookings(proxy!.site), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': `production-${n}`,
          origin: PROCESS_ORIGIN,
        },
        body: JSON.stringify(visitor(n, CAL, slot.start, ZONE)),
      })
    const first = await book(1, slots[0]!)
    assert.equal(first.status, 201, await first.clone().text())
    const { id } = (await first.json()) as { id: string }
    assert.deepEqual(
      served.sandbox.appointments().map((a) => a.id),
      [id],
    )

    // prom-client, a production dependency, counts behind the token.
    const metrics = await fetch(`${proxy.url}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    })
    assert.equal(metrics.status, 200)
    assert.match(await metrics.text(), /^ghl_booking_bookings_total\{outcome="created"\} 1$/m)

    // SIGTERM while a booking waits on a slow GHL: it is answered, then the process exits 0.
    served.sandbox.setFaults({ latencyMs: 1_500 })
    const second = book(2, slots[1]!)
    const upserts = () => served.arrivals.filter((a) => a === 'POST /contacts/upsert').length
    for (let waited = 0; upserts() < 2; waited += 20) {
      if (waited > 60_000) throw new Error('the second booking did not reach GHL')
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    proxy.child.kill('SIGTERM')
    const answer = await second
    assert.equal(answer.status, 201)
    assert.equal(served.sandbox.appointments().length, 2)
    assert.deepEqual(await proxy.exited, { code: 0, signal: null })
    assert.equal(proxy.lines.find((line) => line.msg === 'stopped')?.cutOff, 0)
  })
})
