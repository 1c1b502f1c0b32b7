import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { SlotService } from '../types.ts'
import { webhookRoutes, type WebhookDeps } from './webhooks.ts'
import { GHL_WEBHOOK_PUBLIC_KEY, importWebhookKey } from '../services/webhooks/signature.ts'

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
    get: async () => ({ slots: [], stale: false, loadedAt: 0 }),
    invalidate: (calendarId) => void invalidated.push(calendarId),
  }
  const app = webhookRoutes({
    slots,
    clock: () => now,
    publicKey: trusted.pem,
    clientIp: (c) => c.req.header('x-ip'),
    ...deps,
  })
  const send = async (
    payload: unknown,
    options: { key?: CryptoKey; signature?: string | null; tamper?: boolean; ip?: string } = {},
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
        ...(options.ip && { 'x-ip': options.ip }),
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

/** Counts signature verifications while `run` runs. */
async function countingVerifications(run: () => Promise<void>): Promise<number> {
  const verify = crypto.subtle.verify
  let count = 0
  crypto.subtle.verify = (...args: Parameters<typeof verify>) => (count++, verify.apply(crypto.subtle, args))
  try {
    await run()
  } finally {
    crypto.subtle.verify = verify
  }
  return count
}

test('a flood from one address: 429 before any signature check, and GHL’s deliveries still get through', async () => {
  const limits = { source: { limit: 3, windowSeconds: 60 }, overall: { limit: 5, windowSeconds: 60 } }
  const { send, invalidated } = await setup({ limits })
  const statuses: number[] = []
  const verifications = await countingVerifications(async () => {
    for (let i = 0; i < 50; i++)
      statuses.push((await send(delivery(), { key: forger.privateKey, ip: '203.0.113.9' })).status)
  })
  assert.deepEqual(statuses.slice(0, 4), [401, 401, 401, 429])
  assert.equal(statuses.filter((s) => s === 429).length, 47)
  assert.equal(verifications, 3)
  const refused = await send(delivery(), { ip: '203.0.113.9' })
  assert.equal(refused.status, 429)
  assert.equal(refused.headers.get('retry-after'), '60')
  assert.equal((await refused.json()).error.code, 'rate_limited')
  // The flood's refused deliveries used up nothing of the overall limit: another sender is heard.
  assert.equal((await send(delivery(), { ip: '198.51.100.7' })).status, 200)
  assert.deepEqual(invalidated, ['cal1'])
})

test('over all senders: past the overall limit every sender waits; IPv6 senders count per /64', async () => {
  const limits = { source: { limit: 2, windowSeconds: 60 }, overall: { limit: 4, windowSeconds: 60 } }
  const { send } = await setup({ limits })
  const statuses = []
  for (const ip of [
    '2001:db8:1:2::1',
    '2001:db8:1:2::2',
    '2001:db8:1:2::3',
    '192.0.2.1',
    '192.0.2.2',
    '192.0.2.3',
  ]) {
    statuses.push((await send(delivery(), { ip })).status)
  }
  assert.deepEqual(statuses, [200, 200, 429, 200, 200, 429])
})
