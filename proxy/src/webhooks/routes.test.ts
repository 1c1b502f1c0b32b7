import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { SlotService } from '../types.ts'
import { webhookRoutes, type WebhookDeps } from './routes.ts'
import { GHL_WEBHOOK_PUBLIC_KEY, importWebhookKey } from './signature.ts'

const NOW = Date.parse('2026-03-01T12:00:00Z')
const toBase64 = (bytes: ArrayBuffer | Uint8Array) => Buffer.from(bytes as Uint8Array).toString('base64')

async function keyPair() {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey))
  const spki = toBase64(await crypto.subtle.exportKey('spki', pair.publicKey))
  const pem = `-----BEGIN PUBLIC KEY-----\n${spki}\n-----END PUBLIC KEY-----\n`
  return { privateKey: pair.privateKey, raw, pem }
}

const trusted = await keyPair()
const forger = await keyPair()

async function setup(deps: Partial<WebhookDeps> = {}) {
  let now = NOW
  const invalidated: string[] = []
  const slots: SlotService = {
    get: async () => ({ slots: [], stale: false }),
    invalidate: (calendarId) => invalidated.push(calendarId),
  }
  const app = webhookRoutes({ slots, clock: () => now, publicKey: trusted.pem, ...deps })
  const send = async (
    payload: unknown,
    options: { key?: CryptoKey; signature?: string | null; tamper?: boolean } = {},
  ) => {
    const text = typeof payload === 'string' ? payload : JSON.stringify(payload)
    const bytes = new TextEncoder().encode(text)
    const signed = toBase64(await crypto.subtle.sign('Ed25519', options.key ?? trusted.privateKey, bytes))
    const signature = options.signature === undefined ? signed : options.signature
    return app.request('/', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(signature !== null && { 'x-ghl-signature': signature }),
      },
      body: options.tamper ? text.replace('cal1', 'cal2') : text,
    })
  }
  return { send, invalidated, advance: (ms: number) => (now += ms) }
}

let ids = 0
const delivery = (extra: Record<string, unknown> = {}) => ({
  type: 'AppointmentCreate',
  locationId: 'loc1',
  appointment: { id: 'a1', calendarId: 'cal1', startTime: '2026-03-02T09:00:00-05:00' },
  timestamp: new Date(NOW - 1000).toISOString(),
  webhookId: `whk-${++ids}`,
  ...extra,
})

test('valid: each appointment event invalidates its calendar', async () => {
  const { send, invalidated } = await setup()
  for (const type of ['AppointmentCreate', 'AppointmentUpdate', 'AppointmentDelete']) {
    const res = await send(delivery({ type }))
    assert.equal(res.status, 200)
    assert.deepEqual(await res.json(), { received: true, invalidated: 'cal1' })
  }
  assert.deepEqual(invalidated, ['cal1', 'cal1', 'cal1'])
})

test('other types are acknowledged and change nothing', async () => {
  const { send, invalidated } = await setup()
  const res = await send({
    type: 'ContactCreate',
    timestamp: new Date(NOW).toISOString(),
    webhookId: 'whk-c',
  })
  assert.equal(res.status, 200)
  assert.deepEqual(invalidated, [])
})

test('forged, missing, garbled or tampered signatures: 401, nothing invalidated', async () => {
  const { send, invalidated } = await setup()
  for (const res of [
    await send(delivery(), { key: forger.privateKey }),
    await send(delivery(), { signature: null }),
    await send(delivery(), { signature: 'not base64 at all!' }),
    await send(delivery(), { signature: toBase64(new Uint8Array(64)) }),
    await send(delivery(), { tamper: true }),
  ]) {
    assert.equal(res.status, 401)
    assert.equal((await res.json()).error.code, 'invalid_request')
  }
  assert.deepEqual(invalidated, [])
})

test('stale or future timestamps: 401, nothing invalidated', async () => {
  const { send, invalidated } = await setup()
  const old = await send(delivery({ timestamp: new Date(NOW - 5 * 60_000 - 1).toISOString() }))
  const ahead = await send(delivery({ timestamp: new Date(NOW + 5 * 60_000 + 1).toISOString() }))
  assert.deepEqual([old.status, ahead.status], [401, 401])
  assert.deepEqual(invalidated, [])
})

test('replayed webhookId: 409 the second time, invalidated once', async () => {
  const { send, invalidated } = await setup()
  const first = delivery()
  assert.equal((await send(first)).status, 200)
  assert.equal((await send(first)).status, 409)
  assert.deepEqual(invalidated, ['cal1'])
})

test('malformed payloads: 400, nothing invalidated, the id not used up', async () => {
  const { send, invalidated } = await setup()
  const id = 'whk-malformed'
  const broken = [
    '{not json',
    JSON.stringify({ type: 'AppointmentCreate', timestamp: new Date(NOW).toISOString() }),
    JSON.stringify(delivery({ webhookId: id, appointment: { id: 'a1' } })),
    JSON.stringify(delivery({ timestamp: 'yesterday' })),
  ]
  for (const body of broken) assert.equal((await send(body)).status, 400, body)
  assert.deepEqual(invalidated, [])
  assert.equal((await send(delivery({ webhookId: id }))).status, 200)
})

test('keys: PEM, raw base64 and hex all verify; GHL’s published key imports', async () => {
  for (const publicKey of [toBase64(trusted.raw), Buffer.from(trusted.raw).toString('hex')]) {
    const { send } = await setup({ publicKey })
    assert.equal((await send(delivery())).status, 200)
  }
  await importWebhookKey(GHL_WEBHOOK_PUBLIC_KEY)
  await assert.rejects(importWebhookKey('bm90IGEga2V5'), TypeError)
})

test('a bad configured key fails closed with 500, nothing invalidated', async () => {
  const lines: string[] = []
  const { send, invalidated } = await setup({ publicKey: 'nonsense', log: (l) => lines.push(l.msg) })
  assert.equal((await send(delivery())).status, 500)
  assert.deepEqual(invalidated, [])
  assert.ok(lines.includes('webhook.bad_public_key'))
})

test('body limit: 413', async () => {
  const { send } = await setup({ maxBodyBytes: 200 })
  const res = await send(delivery({ padding: 'x'.repeat(300) }))
  assert.equal(res.status, 413)
})
