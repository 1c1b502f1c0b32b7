/**
 * `npm run dev:worker`: the proxy's Worker (wrangler.jsonc) under workerd on `PORT` (default 8787), in front of
 * the GHL sandbox on `SANDBOX_PORT` (default 8788) started here, with the demo's sites. Offline: `wrangler dev
 * --local`, no login, no metrics. `DEMO_NOW` pins the instant of both, as for `npm run demo`. Ctrl-C stops both.
 */
import { serve } from '@hono/node-server'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createClock, createSandbox, SANDBOX, SANDBOX_WEBHOOK_PUBLIC_KEY } from '../demo/sandbox/index.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const port = Number(process.env.PORT ?? 8787)
const sandboxPort = Number(process.env.SANDBOX_PORT ?? 8788)
const pinned = process.env.DEMO_NOW
const now = pinned ? Date.parse(pinned) : undefined
if (Number.isNaN(now)) throw new Error(`DEMO_NOW must be an ISO 8601 instant, got "${pinned}"`)

const sandbox = createSandbox({
  clock: createClock({ start: now }),
  // Appointments made inside the sandbox reach the Worker as GHL's signed webhooks.
  webhook: { url: `http://127.0.0.1:${port}/v1/webhooks/ghl` },
})
const sandboxServer = await new Promise<ReturnType<typeof serve>>((resolve) => {
  const started = serve({ fetch: sandbox.fetch, port: sandboxPort, hostname: '127.0.0.1' }, () =>
    resolve(started),
  )
})
const sandboxUrl = `http://127.0.0.1:${(sandboxServer.address() as AddressInfo).port}`

// Variables and secrets as an .env file, so the JSON of the sites needs no shell quoting.
const dir = mkdtempSync(join(tmpdir(), 'dev-worker-'))
const envFile = join(dir, '.env')
const sites = JSON.stringify(JSON.parse(readFileSync(join(root, 'demo/sites.json'), 'utf8')))
const variables: Record<string, string> = {
  SITES: sites,
  GHL_TOKEN: SANDBOX.token,
  GHL_API_BASE: sandboxUrl,
  GHL_WEBHOOK_PUBLIC_KEY: SANDBOX_WEBHOOK_PUBLIC_KEY.replace(/\s*\n\s*/g, ' '),
  ...(now !== undefined && { CLOCK_START: new Date(now).toISOString() }),
}
writeFileSync(
  envFile,
  Object.entries(variables)
    .map(([name, value]) => `${name}='${value}'`)
    .join('\n'),
)

const wrangler = spawn(
  process.execPath,
  [
    join(root, 'node_modules/wrangler/bin/wrangler.js'),
    'dev',
    '--local',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--inspector-port',
    String(Number(process.env.INSPECTOR_PORT ?? 0) || port + 1000),
    '--show-interactive-dev-session=false',
    '--env-file',
    envFile,
    // The Durable Objects' state starts empty with the sandbox it goes with: kept across runs (wrangler's default,
    // in .wrangler/), a replayed Idempotency-Key would answer with an appointment this sandbox never made.
    '--persist-to',
    join(dir, 'state'),
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
)
console.log(`GHL sandbox on ${sandboxUrl}; the Worker starts on http://127.0.0.1:${port}`)

let stopping = false
function stop() {
  if (stopping) return
  stopping = true
  wrangler.kill('SIGTERM')
  sandbox.close()
  sandboxServer.close()
  rmSync(dir, { recursive: true, force: true })
  setTimeout(() => process.exit(0), 3_000).unref()
}
wrangler.once('exit', (code) => {
  stop()
  process.exitCode = code ?? 0
})
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
