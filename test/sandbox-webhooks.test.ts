// The sandbox's signed webhooks: Appointment* deliveries whose x-ghl-signature verifies with the sandbox's
// public key over the exact body bytes, shaped like GHL's documented payload.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createPublicKey, verify } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Ajv } from 'ajv'
import { createSandbox, SANDBOX, SANDBOX_WEBHOOK_PUBLIC_KEY } from '../demo/sandbox/index.ts'
import { pemToDer } from '../demo/sandbox/webhook-keys.ts'
import { bookSlot, callSandbox, manualClock, upsertContact } from '../demo/sandbox/testing.ts'

const docFile = new URL(
  '../../shared/ghl-openapi/docs/webhook%20events/AppointmentCreate.md',
  import.meta.url,
)

/** A receiver that keeps every delivery's raw bytes and headers. */
function receiver(answer = 200) {
  const received: { body: Uint8Array<ArrayBuffer>; signature: string | null; contentType: string | null }[] =
    []
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init)
    received.push({
      body: new Uint8Array(await request.arrayBuffer()),
      signature: request.headers.get('x-ghl-signature'),
      contentType: request.headers.get('content-type'),
    })
    return new Response(null, { status: answer })
  }) as typeof globalThis.fetch
  return { received, fetch }
}

const publicKey = createPublicKey(SANDBOX_WEBHOOK_PUBLIC_KEY)
const verifies = (body: Uint8Array, signature: string) =>
  verify(null, body, publicKey, Buffer.from(signature, 'base64'))

test('appointment create, update and delete send signed webhooks that verify with the public key', async () => {
  const clock = manualClock('2026-03-02T14:00:00Z')
  const hook = receiver()
  const sandbox = createSandbox({
    now: clock,
    webhook: { url: 'https://proxy.test/v1/webhooks/ghl', fetch: hook.fetch },
  })
  const contactId = await upsertContact(sandbox)
  const booked = await bookSlot(
    sandbox,
    SANDBOX.calendars.consultation,
    contactId,
    '2026-03-04T09:00:00-05:00',
  )
  clock.advance(60_000)
  await callSandbox(sandbox, `/calendars/events/appointments/${booked.body.id}`, {
    method: 'PUT',
    body: { title: 'Moved' },
  })
  const staff = await sandbox.app.request('/_sandbox/appointments', {
    method: 'POST',
    body: JSON.stringify({ calendarId: SANDBOX.calendars.session, startTime: '2026-03-05T13:00:00-05:00' }),
  })
  assert.equal(staff.status, 201)
  const staffId = (await staff.json()).appointment.id
  assert.equal(
    (await sandbox.app.request(`/_sandbox/appointments/${staffId}`, { method: 'DELETE' })).status,
    200,
  )
  assert.equal(
    (await sandbox.app.request('/_sandbox/appointments/apt-none', { method: 'DELETE' })).status,
    404,
  )
  await sandbox.settle()

  // Deliveries run concurrently and may arrive out of order (as GHL's do): compare them in the order they were sent.
  const payloads = hook.received
    .map((r) => JSON.parse(new TextDecoder().decode(r.body)))
    .sort((a, b) => a.webhookId.localeCompare(b.webhookId))
  assert.deepEqual(
    payloads.map((p) => [p.type, p.appointment.id]),
    [
      ['AppointmentCreate', booked.body.id],
      ['AppointmentUpdate', booked.body.id],
      ['AppointmentCreate', staffId],
      ['AppointmentDelete', staffId],
    ],
  )
  for (const [i, { body, signature, contentType }] of hook.received.entries()) {
    assert.equal(contentType, 'application/json')
    assert.ok(signature && verifies(body, signature), `delivery ${i} verifies`)
    // Web Crypto, as the proxy uses it, agrees.
    const key = await crypto.subtle.importKey(
      'spki',
      pemToDer(SANDBOX_WEBHOOK_PUBLIC_KEY),
      'Ed25519',
      false,
      ['verify'],
    )
    assert.ok(await crypto.subtle.verify('Ed25519', key, Buffer.from(signature, 'base64'), body))
  }
  // A changed byte breaks the signature.
  const tampered = hook.received[0]!.body.slice()
  tampered[tampered.length - 2] ^= 1
  assert.equal(verifies(tampered, hook.received[0]!.signature!), false)

  const [created, updated] = payloads
  assert.equal(created.locationId, SANDBOX.locationId)
  assert.equal(created.timestamp, '2026-03-02T14:00:00.000Z')
  assert.equal(updated.timestamp, '2026-03-02T14:01:00.000Z')
  assert.notEqual(created.webhookId, updated.webhookId)
  assert.equal(created.appointment.startTime, '2026-03-04T09:00:00-05:00')
  assert.equal(created.appointment.calendarId, SANDBOX.calendars.consultation)
  assert.equal(created.appointment.contactId, contactId)
  assert.equal(updated.appointment.title, 'Moved')
  assert.equal(payloads[2].appointment.source, 'sandbox')
  assert.deepEqual(
    sandbox.webhookDeliveries().map((d) => d.status),
    [200, 200, 200, 200],
  )

  if (existsSync(docFile)) {
    // The JSON schema in GHL's webhook docs.
    const doc = readFileSync(fileURLToPath(docFile), 'utf8')
    const schema = JSON.parse(/```json json_schema\n([\s\S]*?)```/.exec(doc)![1]!)
    const validate = new Ajv({ strict: false }).compile(schema)
    for (const payload of payloads) assert.ok(validate(payload), JSON.stringify(validate.errors))
  }
})

test('failed deliveries are recorded, never thrown; no webhook target means no delivery', async () => {
  const unhandled: unknown[] = []
  const onUnhandled = (reason: unknown) => unhandled.push(reason)
  process.on('unhandledRejection', onUnhandled)
  try {
    const failing = (async () => {
      throw new TypeError('connect ECONNREFUSED')
    }) as typeof fetch
    const sandbox = createSandbox({
      now: manualClock('2026-03-02T14:00:00Z'),
      webhook: { url: 'http://127.0.0.1:9/x', fetch: failing },
    })
    const contactId = await upsertContact(sandbox)
    assert.equal(
      (await bookSlot(sandbox, SANDBOX.calendars.consultation, contactId, '2026-03-04T09:00:00-05:00'))
        .status,
      200,
    )
    await sandbox.settle()
    assert.equal(sandbox.webhookDeliveries()[0]?.error, 'connect ECONNREFUSED')

    const rejecting = receiver(500)
    sandbox.setWebhook({ url: 'https://proxy.test/hook', fetch: rejecting.fetch })
    assert.equal(
      (await bookSlot(sandbox, SANDBOX.calendars.consultation, contactId, '2026-03-04T09:30:00-05:00'))
        .status,
      200,
    )
    await sandbox.settle()
    assert.equal(sandbox.webhookDeliveries()[1]?.status, 500)

    sandbox.setWebhook(undefined)
    assert.equal(
      (await bookSlot(sandbox, SANDBOX.calendars.consultation, contactId, '2026-03-04T10:00:00-05:00'))
        .status,
      200,
    )
    await sandbox.settle()
    assert.equal(sandbox.webhookDeliveries().length, 2)
    await new Promise((resolve) => setImmediate(resolve))
    assert.deepEqual(unhandled, [])
  } finally {
    process.off('unhandledRejection', onUnhandled)
  }
})
