// One fake, two transports: the sandbox answering GHL's URL inside msw, and served on a real port (in-process and
// as `npm run sandbox`), with its control routes over HTTP and client timeouts that end hanging requests.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { setupServer } from 'msw/node'
import { createSandbox, SANDBOX } from '../demo/sandbox/index.ts'
import { GHL_BASE_URL, sandboxHandlers } from '../demo/sandbox/msw.ts'
import { ghlHeaders } from '../demo/sandbox/testing.ts'
import { TEST_NOW } from './support/dates.ts'

const root = new URL('..', import.meta.url)

test('msw handlers answer GHL URLs with the sandbox, including a base with a path, and client timeouts', async () => {
  const sandbox = createSandbox({ now: () => TEST_NOW })
  const gateway = createSandbox({ now: () => TEST_NOW })
  const server = setupServer(
    ...sandboxHandlers(sandbox),
    ...sandboxHandlers(gateway, 'https://gateway.test/ghl/'),
  )
  server.listen({ onUnhandledRequest: 'error' })
  try {
    const res = await fetch(`${GHL_BASE_URL}/locations/${SANDBOX.locationId}`, {
      headers: ghlHeaders('locations'),
    })
    assert.equal(res.status, 200)
    assert.equal((await res.json()).location.timezone, SANDBOX.timeZone)
    assert.equal(res.headers.get('x-ratelimit-max'), '100')
    assert.deepEqual(
      sandbox.requests().map((r) => r.path),
      [`/locations/${SANDBOX.locationId}`],
    )

    const viaGateway = await fetch(`https://gateway.test/ghl/calendars/${SANDBOX.calendars.session}`, {
      headers: ghlHeaders(),
    })
    assert.equal(viaGateway.status, 200)
    assert.equal((await viaGateway.json()).calendar.name, 'Strategy session')

    sandbox.setFaults({ timeoutRate: 1 })
    const started = performance.now()
    await assert.rejects(
      fetch(`${GHL_BASE_URL}/calendars/${SANDBOX.calendars.consultation}`, {
        headers: ghlHeaders(),
        signal: AbortSignal.timeout(50),
      }),
      (error: Error) => error.name === 'TimeoutError' || error.name === 'AbortError',
    )
    assert.ok(performance.now() - started < 2_000)
  } finally {
    server.close()
    sandbox.close()
  }
})

test('served on a port: API, control routes and an aborted request over real HTTP', async () => {
  const sandbox = createSandbox({ now: () => TEST_NOW })
  const server = serve({ fetch: sandbox.fetch, port: 0, hostname: '127.0.0.1' })
  await once(server, 'listening')
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  try {
    const res = await fetch(`${base}/calendars/?locationId=${SANDBOX.locationId}&showDrafted=false`, {
      headers: ghlHeaders(),
    })
    assert.equal(res.status, 200)
    assert.deepEqual(
      (await res.json()).calendars.map((c: { id: string }) => c.id),
      Object.values(SANDBOX.calendars),
    )

    const post = (path: string, body: unknown) =>
      fetch(base + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    const start = TEST_NOW + 7 * 86_400_000
    const made = await post('/_sandbox/appointments', {
      calendarId: SANDBOX.calendars.consultation,
      startTime: start,
    })
    assert.equal(made.status, 201)
    const listed = await (await fetch(`${base}/_sandbox/appointments`)).json()
    assert.equal(listed.appointments.length, 1)
    assert.equal(Date.parse(listed.appointments[0].startTime), start - (start % 1000))
    assert.equal(
      (await fetch(`${base}/_sandbox/appointments/${listed.appointments[0].id}`, { method: 'DELETE' }))
        .status,
      200,
    )
    assert.equal(
      (await post('/_sandbox/appointments', { calendarId: 'cal-nope', startTime: start })).status,
      404,
    )

    assert.equal((await post('/_sandbox/faults', { timeoutRate: 1 })).status, 200)
    await assert.rejects(
      fetch(`${base}/locations/${SANDBOX.locationId}`, {
        headers: ghlHeaders('locations'),
        signal: AbortSignal.timeout(80),
      }),
    )
    // The server sees the client go away, the hanging request ends and is logged as a timeout.
    for (let i = 0; i < 50 && !sandbox.requests().some((r) => r.fault === 'timeout'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    assert.equal(sandbox.requests().at(-1)?.fault, 'timeout')

    assert.equal((await post('/_sandbox/reset', {})).status, 200)
    assert.deepEqual(await (await fetch(`${base}/_sandbox/requests`)).json(), { requests: [] })
    assert.equal((await (await fetch(`${base}/_sandbox/faults`)).json()).timeoutRate, 0)
  } finally {
    sandbox.close()
    server.close()
  }
})

test('npm run sandbox: serves on SANDBOX_PORT, prints its URL, stops cleanly on SIGTERM', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'demo/sandbox/main.ts'], {
    cwd: root,
    env: { ...process.env, SANDBOX_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  try {
    let output = ''
    child.stdout.setEncoding('utf8')
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: string) => {
        output += chunk
        const match = /http:\/\/127\.0\.0\.1:\d+/.exec(output)
        if (match) resolve(match[0])
      })
      child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)))
    })
    const res = await fetch(`${url}/calendars/${SANDBOX.calendars.consultation}`, { headers: ghlHeaders() })
    assert.equal(res.status, 200)
    assert.equal((await res.json()).calendar.slotDuration, 30)
    child.kill('SIGTERM')
    const [code] = await once(child, 'exit')
    assert.equal(code, 0)
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL')
  }
})
