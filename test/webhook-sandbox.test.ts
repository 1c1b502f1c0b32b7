// The webhook loop against the GHL sandbox: appointments changed inside GHL reach the proxy as signed webhooks,
// and only valid deliveries drop the cached slots.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Hono } from 'hono'
import * as v from 'valibot'
import { createSandbox, SANDBOX, SANDBOX_WEBHOOK_PUBLIC_KEY } from '../demo/sandbox/index.ts'
import { signWebhookBody } from '../demo/sandbox/webhook-keys.ts'
import { createCalendarService } from '../proxy/src/services/calendars/calendar-service.ts'
import { createGhlClient } from '../proxy/src/ghl/client.ts'
import { Site } from '../proxy/src/config/sites.ts'
import { createSlotService } from '../proxy/src/services/slots/slot-service.ts'
import { webhookRoutes } from '../proxy/src/routes/webhooks.ts'

const NOW = Date.parse('2026-03-02T17:00:00Z')
const CAL = SANDBOX.calendars.consultation
const DAY = '2026-03-03'
const HOOK_URL = 'http://proxy.test/v1/webhooks/ghl'

function harness() {
  let proxyNow = NOW
  const sandbox = createSandbox({ now: () => NOW })
  const ghl = createGhlClient({
    tokenFor: () => SANDBOX.token,
    baseUrl: 'http://sandbox.test',
    fetch: async (input, init) => sandbox.fetch(new Request(input, init)),
    clock: () => proxyNow,
  })
  const calendars = createCalendarService({ ghl, clock: () => proxyNow })
  const slots = createSlotService({ ghl, calendars, clock: () => proxyNow })
  const site = v.parse(Site, {
    id: 'demo',
    locationId: SANDBOX.locationId,
    calendars: [CAL],
    origins: ['https://demo.test'],
  })
  const app = new Hono()
  app.route(
    '/v1/webhooks/ghl',
    webhookRoutes({ slots, clock: () => proxyNow, publicKey: SANDBOX_WEBHOOK_PUBLIC_KEY }),
  )
  // Every delivery the sandbox makes, kept so a test can replay it byte for byte.
  const deliveries: { body: ArrayBuffer; signature: string; status: number }[] = []
  sandbox.setWebhook({
    url: HOOK_URL,
    fetch: async (input, init) => {
      const request = new Request(input, init)
      const body = await request.clone().arrayBuffer()
      const response = await app.fetch(request)
      deliveries.push({ body, signature: request.headers.get('x-ghl-signature')!, status: response.status })
      return response
    },
  })
  const post = (body: ArrayBuffer | string, signature?: string) =>
    app.request(HOOK_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(signature && { 'x-ghl-signature': signature }) },
      body,
    })
  const starts = async () =>
    (await slots.get(site, CAL, { from: DAY, to: DAY, timeZone: SANDBOX.timeZone })).slots.map((s) => s.start)
  const slotReads = () => sandbox.requests().filter((r) => r.path.endsWith('/free-slots')).length
  /** Books "inside GHL" (as staff would), which makes the sandbox send its signed webhook. */
  const bookInside = async (startTime: string) => {
    const res = await sandbox.fetch(
      new Request('http://sandbox.test/_sandbox/appointments', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ calendarId: CAL, startTime }),
      }),
    )
    assert.equal(res.status, 201)
    await sandbox.settle()
  }
  return {
    sandbox,
    post,
    starts,
    slotReads,
    bookInside,
    deliveries,
    setProxyNow: (ms: number) => (proxyNow = ms),
  }
}

test('a booking made inside GHL reaches the proxy as a signed webhook and drops the cached slots', async () => {
  const { starts, slotReads, bookInside, deliveries } = harness()
  const [first] = await starts()
  assert.ok(first)
  await starts()
  assert.equal(slotReads(), 1, 'the second read is served from the cache')

  await bookInside(first)
  assert.deepEqual(
    deliveries.map((d) => d.status),
    [200],
  )
  assert.ok(!(await starts()).includes(first), 'the next read asks GHL and the slot is gone')
  assert.equal(slotReads(), 2)
})

test('forged, stale, replayed and malformed deliveries are refused and leave the cache as it was', async () => {
  const { sandbox, post, starts, slotReads, bookInside, deliveries, setProxyNow } = harness()
  const [first, second] = await starts()
  await bookInside(first!)
  const valid = deliveries[0]!
  await starts()
  const cachedReads = slotReads()
  await starts()
  assert.equal(slotReads(), cachedReads, 'cached again after the re-read')

  // A change inside GHL whose webhook never arrives: the cache still offers the slot.
  sandbox.setWebhook(undefined)
  await bookInside(second!)
  assert.ok((await starts()).includes(second!))

  const payload = JSON.parse(new TextDecoder().decode(valid.body))
  const fresh = (extra: object) =>
    JSON.stringify({
      ...payload,
      webhookId: `whk-${Math.random()}`,
      timestamp: new Date(NOW).toISOString(),
      ...extra,
    })
  const forgedBody = fresh({})
  const forgerKey = await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])
  const forged = Buffer.from(
    await crypto.subtle.sign(
      'Ed25519',
      (forgerKey as CryptoKeyPair).privateKey,
      new TextEncoder().encode(forgedBody),
    ),
  ).toString('base64')
  const stale = fresh({ timestamp: new Date(NOW - 6 * 60_000).toISOString() })
  const malformed = fresh({ appointment: { id: 'x' } })
  const sign = (text: string) => signWebhookBody(new TextEncoder().encode(text))

  const answers = [
    (await post(forgedBody, forged)).status,
    (await post(forgedBody)).status,
    (await post(stale, await sign(stale))).status,
    (await post(valid.body, valid.signature)).status,
    (await post(malformed, await sign(malformed))).status,
    (await post('{"type":', await sign('{"type":'))).status,
  ]
  assert.deepEqual(answers, [401, 401, 401, 409, 400, 400])
  assert.ok((await starts()).includes(second!), 'no refused delivery invalidated the cache')
  assert.equal(slotReads(), cachedReads)

  // The proxy's clock moves on: a delivery signed 4 minutes ago is still fresh, and valid, so it invalidates.
  setProxyNow(NOW + 4 * 60_000)
  const late = fresh({})
  assert.equal((await post(late, await sign(late))).status, 200)
  assert.ok(!(await starts()).includes(second!))
  assert.equal(slotReads(), cachedReads + 1)
})
