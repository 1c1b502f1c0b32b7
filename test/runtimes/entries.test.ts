// Each entry started as a user starts it (`npm run dev:worker`, `deno run …`, `bun …`), at TEST_NOW, with the
// demo's sites, and a booking made through it as the widget makes one.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { request } from 'node:http'
import { createServer } from 'node:net'
import { after, test } from 'node:test'
import { serve } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import { SANDBOX } from '../../demo/sandbox/index.ts'
import { routes } from '../../contract/schemas.ts'
import { TEST_NOW_ISO } from '../support/dates.ts'
import { visitor } from '../support/proxy-on-sandbox.ts'
import { root, waitForListening } from './spawned.ts'
import { suiteSandbox } from './target.ts'

const SITE = 'demo'
const ORIGIN = 'http://localhost:8787'
const CAL = SANDBOX.calendars.consultation
const cleanups: (() => Promise<void>)[] = []
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
})

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Reads the week's slots through the proxy at `url` and books the first; returns the booking. */
async function bookThrough(url: string, n: number) {
  const query = new URLSearchParams({ from: '2027-04-15', to: '2027-04-21', timeZone: SANDBOX.timeZone })
  const slots = await fetch(`${url}${routes.slots(SITE, CAL)}?${query}`, { headers: { origin: ORIGIN } })
  assert.equal(slots.status, 200)
  const [slot] = ((await slots.json()) as { slots: { start: string }[] }).slots
  assert.ok(slot, 'a free slot')
  const booking = await fetch(`${url}${routes.bookings(SITE)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `entry-key-${n}`, origin: ORIGIN },
    body: JSON.stringify(visitor(n, CAL, slot.start, SANDBOX.timeZone, { consent: true })),
  })
  const body = (await booking.json()) as { id?: string; start?: string }
  assert.equal(booking.status, 201, JSON.stringify(body))
  assert.equal(body.start, slot.start)
  return body
}

/** The first bytes of `path`'s body as sent on the wire, asking for gzip. */
function rawBytes(url: string, path: string): Promise<{ encoding?: string; head: number[] }> {
  return new Promise((resolve, reject) => {
    request(`${url}${path}`, { headers: { 'accept-encoding': 'gzip' } }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () =>
        resolve({
          encoding: response.headers['content-encoding'],
          head: [...Buffer.concat(chunks).subarray(0, 2)],
        }),
      )
    })
      .on('error', reject)
      .end()
  })
}

test(
  'npm run dev:worker serves calendar, slots and a booking from workerd against the sandbox',
  { timeout: 180_000 },
  async () => {
    const [port, sandboxPort, inspectorPort] = [await freePort(), await freePort(), await freePort()]
    // Its own process group, so wrangler and workerd stop with it.
    const child = spawn('npm', ['run', 'dev:worker'], {
      cwd: root,
      detached: true,
      env: {
        ...process.env,
        PORT: String(port),
        SANDBOX_PORT: String(sandboxPort),
        INSPECTOR_PORT: String(inspectorPort),
        DEMO_NOW: TEST_NOW_ISO,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const exited = new Promise((resolve) => child.once('exit', resolve))
    cleanups.push(async () => {
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM')
      await exited
    })
    let output = ''
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not ready in 120 s:\n${output}`)), 120_000)
      const take = (chunk: Buffer) => {
        output += chunk
        if (/Ready on http/.test(output)) {
          clearTimeout(timer)
          resolve()
        }
      }
      child.stdout!.on('data', take)
      child.stderr!.on('data', take)
      child.once('exit', (code) => reject(new Error(`dev:worker exited with ${code}:\n${output}`)))
    })
    const url = `http://127.0.0.1:${port}`
    const calendar = await fetch(`${url}${routes.calendar(SITE, CAL)}`, { headers: { origin: ORIGIN } })
    assert.equal(calendar.status, 200)
    assert.equal(((await calendar.json()) as { id: string }).id, CAL)
    const booking = await bookThrough(url, 1)
    const held = await fetch(`http://127.0.0.1:${sandboxPort}/_sandbox/appointments`)
    const { appointments } = (await held.json()) as { appointments: { id: string }[] }
    assert.ok(
      appointments.some((a) => a.id === booking.id),
      'the sandbox holds the booking',
    )
    // The widget as Workers Static Assets, compressed on the wire.
    if (existsSync(`${root}dist/widget.js`)) {
      assert.deepEqual(await rawBytes(url, '/widget.js'), { encoding: 'gzip', head: [0x1f, 0x8b] })
    }
  },
)

for (const [name, command, args] of [
  ['deno run', 'deno', ['run', '--allow-net', '--allow-env', '--allow-read', 'proxy/src/entries/deno.ts']],
  ['bun', 'bun', ['proxy/src/entries/bun.ts']],
] as const) {
  test(`${name} proxy/src/entries/… serves a booking against the sandbox`, { timeout: 120_000 }, async () => {
    const sandbox = suiteSandbox()
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const started = serve({ fetch: sandbox.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started))
    })
    const child = spawn(`${root}node_modules/.bin/${command}`, [...args], {
      cwd: root,
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        SITES_FILE: 'demo/sites.json',
        GHL_TOKEN: SANDBOX.token,
        GHL_API_BASE: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        CLOCK_START: TEST_NOW_ISO,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const exited = new Promise((resolve) => child.once('exit', resolve))
    cleanups.push(async () => {
      if (child.exitCode === null) child.kill('SIGKILL')
      await exited
      sandbox.close()
      server.close()
      if ('closeAllConnections' in server) server.closeAllConnections()
    })
    const url = await waitForListening(child)
    const booking = await bookThrough(url, 2)
    assert.ok(
      sandbox.appointments().some((a) => a.id === booking.id),
      'the sandbox holds the booking',
    )
  })
}
