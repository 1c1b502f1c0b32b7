// Zone names travel as configured: `Asia/Kolkata` and `Europe/Kyiv` reach GHL and come back to the widget as they
// were written, never as the legacy names (`Asia/Calcutta`, `Europe/Kiev`) V8's Intl prefers.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SANDBOX } from '../demo/sandbox/index.ts'
import { proxyOnSandbox, visitor } from './support/proxy-on-sandbox.ts'

// A Monday noon in New York, 22:30 in Kolkata.
const NOW = Date.parse('2026-03-02T17:00:00Z')
const CAL = SANDBOX.calendars.consultation

test('a location in Asia/Kolkata and visitors in Asia/Kolkata and Europe/Kyiv: every name comes back unchanged', async () => {
  const { sandbox, calendar, slots, book } = proxyOnSandbox({ now: NOW })
  sandbox.state().location.timezone = 'Asia/Kolkata'

  const info = await calendar(CAL)
  assert.equal(info.status, 200)
  assert.equal(info.body.timeZone, 'Asia/Kolkata')

  for (const [n, zone] of [
    [1, 'Asia/Kolkata'],
    [2, 'Europe/Kyiv'],
  ] as const) {
    const day = await slots(CAL, '2026-03-03', '2026-03-03', zone)
    assert.equal(day.status, 200)
    assert.equal(day.body.timeZone, zone)
    const slot = day.body.slots[n]
    // The location's zone writes the offsets: 9:00 in Kolkata is +05:30.
    assert.match(slot.start, /\+05:30$/)
    const booked = await book(visitor(n, CAL, slot.start, zone), `zone-names-${n}-key`)
    assert.equal(booked.status, 201, JSON.stringify(booked.body))
    assert.equal(booked.body.timeZone, zone)
    const contact = [...sandbox.state().contacts.values()].find((c) => c.email === `visitor${n}@example.com`)
    assert.equal(contact?.timezone, zone)
  }

  // The free-slots calls asked GHL in the location's zone, by the name GHL gave.
  const freeSlots = sandbox.requests().filter((r) => r.path.endsWith('/free-slots'))
  assert.ok(freeSlots.length > 0)
  for (const request of freeSlots) {
    assert.equal(new URLSearchParams(request.query).get('timezone'), 'Asia/Kolkata')
  }
})

test('a zone sent in another letter case comes back in the right one', async () => {
  const { slots } = proxyOnSandbox({ now: NOW })
  const day = await slots(CAL, '2026-03-03', '2026-03-03', 'europe/kyiv')
  assert.equal(day.status, 200)
  assert.equal(day.body.timeZone, 'Europe/Kyiv')
})
