// The slots route's two shapes from one proxy: the compact one the widget asks for, and the full one (deprecated)
// that widgets built before it still get; what the widget reads from the compact shape is the full shape, string
// for string.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import * as v from 'valibot'
import { CompactSlotsResponse, routes, SlotsResponse } from '../contract/schemas.ts'
import { SANDBOX } from '../demo/sandbox/index.ts'
import { compactSlots } from '../proxy/src/services/slots/compact.ts'
import { addMinutesKeepingOffset } from '../proxy/src/time/offset.ts'
import { readSlots, slotEnd } from '../widget/src/slot-shape.ts'
import { TEST_NOW } from './support/dates.ts'
import { proxyOnSandbox } from './support/proxy-on-sandbox.ts'

const calendarId = SANDBOX.calendars.consultation

/**
 * A month of slots from tomorrow on, in `timeZone`, in the shape `shape` asks for (none: the full shape). Not from
 * today: whether a slot starting at the very instant of the test is still free is not what this file checks.
 */
async function month(timeZone: string, shape?: string) {
  const { proxy, site } = proxyOnSandbox({ now: TEST_NOW })
  const from = new Date(TEST_NOW + 2 * 86_400_000).toISOString().slice(0, 10)
  const to = new Date(TEST_NOW + 32 * 86_400_000).toISOString().slice(0, 10)
  const query = new URLSearchParams({ from, to, timeZone, ...(shape && { shape }) })
  const response = await proxy.app.request(`${routes.slots(site.id, calendarId)}?${query}`)
  return { status: response.status, body: await response.json() }
}

test('a widget that names no shape gets the full shape, as before', async () => {
  const { status, body } = await month('America/New_York')
  assert.equal(status, 200)
  const full = v.parse(v.strictObject(SlotsResponse.entries), body)
  assert.ok(full.slots.length > 20)
  assert.ok(full.slots.every((slot) => slot.end && slot.start))
})

test('the compact shape, read by the widget, is the full shape string for string, in a third of the bytes', async () => {
  for (const zone of ['America/New_York', 'Asia/Kolkata', 'Pacific/Chatham', 'UTC']) {
    const full = v.parse(SlotsResponse, (await month(zone)).body)
    const { status, body } = await month(zone, 'compact')
    assert.equal(status, 200)
    const compact = v.parse(v.strictObject(CompactSlotsResponse.entries), body)
    assert.deepEqual(readSlots(compact), full.slots, zone)
    // Each day is the visitor's local day of its slots.
    for (const [day, starts] of Object.entries(compact.days))
      for (const start of starts)
        assert.equal(new Intl.DateTimeFormat('sv', { timeZone: zone }).format(Date.parse(String(start))), day)
    const ratio = JSON.stringify(compact).length / JSON.stringify(full).length
    assert.ok(ratio < 0.5, `compact is ${ratio.toFixed(2)} of the full shape in ${zone}`)
  }
})

test('a shape that does not exist is refused by name', async () => {
  const { status, body } = await month('UTC', 'tiny')
  assert.equal(status, 400)
  assert.equal(body.error.code, 'invalid_request')
  assert.equal(body.error.issues[0].path, 'shape')
})

test("the widget's end of a slot is the proxy's, in every offset GHL writes", () => {
  const starts = [
    '2026-03-02T09:00:00-05:00',
    '2026-03-02T23:45:00+05:30',
    '2026-03-08T01:30:00-05:00',
    '2026-10-25T02:30:00+0200',
    '2026-12-31T23:30:00Z',
    '2026-06-01T09:00:00.000Z',
    '2026-06-01T09:00:00+13:45',
  ]
  for (const start of starts)
    for (const minutes of [15, 30, 45, 60, 90, 1440]) {
      assert.equal(slotEnd(start, minutes), addMinutesKeepingOffset(start, minutes), `${start} + ${minutes}`)
    }
})

test('a slot of another length keeps its own end in the compact shape', () => {
  const slots = [
    { start: '2026-03-02T09:00:00-05:00', end: '2026-03-02T09:30:00-05:00' },
    { start: '2026-03-02T10:00:00-05:00', end: '2026-03-02T11:00:00-05:00' },
    { start: '2026-03-03T09:00:00-05:00', end: '2026-03-03T09:30:00-05:00' },
  ]
  const compact = compactSlots(slots, 'America/New_York')
  assert.deepEqual(compact, {
    durationMinutes: 30,
    days: {
      '2026-03-02': ['2026-03-02T09:00:00-05:00', ['2026-03-02T10:00:00-05:00', '2026-03-02T11:00:00-05:00']],
      '2026-03-03': ['2026-03-03T09:00:00-05:00'],
    },
  })
  assert.deepEqual(readSlots(compact), slots)
  assert.deepEqual(compactSlots([], 'UTC'), { durationMinutes: 0, days: {} })
})
