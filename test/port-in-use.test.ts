/**
 * `npm start` and `npm run demo` on a port another process holds: one line saying so and how to choose another
 * port, and exit code 1, not a stack trace. Each entry runs as a child process, as the npm scripts run it.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createServer, type Server } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

/** Runs `node --import tsx <entry>` with `env` until it exits; killed after 60 s. */
function run(entry: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const timer = setTimeout(() => child.kill(), 60_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stderr })
    })
  })
}

describe('a port already in use', { timeout: 120_000 }, () => {
  let held: Server
  let port: number

  before(async () => {
    held = createServer()
    await new Promise<void>((resolve) => held.listen(0, '127.0.0.1', resolve))
    port = (held.address() as { port: number }).port
  })
  after(() => new Promise<void>((resolve) => held.close(() => resolve())))

  it('npm start: one line naming the port and PORT, exit code 1', async () => {
    const { code, stderr } = await run('proxy/src/entries/node.ts', {
      PORT: String(port),
      HOST: '127.0.0.1',
      SITES_FILE: 'demo/sites.json',
      GHL_TOKEN: 'pit-port-test',
      WIDGET_FILE: 'dist/none.js',
    })
    assert.equal(
      stderr,
      `Port ${port} is already in use: stop the other process or set PORT=<another port>.\n`,
    )
    assert.equal(code, 1)
  })

  it('npm run demo: the same for the demo port, and SANDBOX_PORT for the sandbox port', async () => {
    const demo = await run('demo/server.ts', { PORT: String(port), SANDBOX_PORT: '0' })
    assert.equal(
      demo.stderr,
      `Port ${port} is already in use: stop the other process or set PORT=<another port>.\n`,
    )
    assert.equal(demo.code, 1)
    const sandbox = await run('demo/server.ts', { PORT: '0', SANDBOX_PORT: String(port) })
    assert.equal(
      sandbox.stderr,
      `Port ${port} is already in use: stop the other process or set SANDBOX_PORT=<another port>.\n`,
    )
    assert.equal(sandbox.code, 1)
  })
})
