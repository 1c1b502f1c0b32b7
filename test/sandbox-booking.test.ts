// The sandbox's free-slots and booking rules through its HTTP API: daylight saving, the 31-day limit, the
// booking window, and slots that disappear once booked.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createSandbox, SANDBOX } from '../demo/sandbox/index.ts'
import { bookSlot, callSandbox, manualClock, upsertContact } from '../demo/sandbox/testing.ts'

const DAY = 86_400_000
const { consultation, session } = SANDBOX.calendars

/** Free slots as the API returns them, without the traceId. */
async function freeSlots(
  sandbox: ReturnType<typeof createSandbox>,
  calendarId: string,
  from: string,
  to: string,
  timezone?: string,
) {
  const query = `startDate=${Date.parse(from)}&endDate=${Date.parse(to)}${timezone ? `&timezone=${timezone}` : ''}`
  const res = await callSandbox(sandbox, `/calendars/${calendarId}/free-slots?${query}`)
  assert.equal(res.status, 200, JSON.stringify(res.body))
  const { traceId, ...dates } = res.body
  assert.equal(typeof traceId, 'string')
  return dates as Record<string, { slots: string[] }>
}

test('free slots across the spring change (2026-03-08): 9:00 local on both sides, offset -05:00 then -04:00', async () => {
  const sandbox = createSandbox({ now: manualClock('2026-03-02T14:00:00Z') })
  const dates = await freeSlots(
    sandbox,
    consultation,
    '2026-03-06T00:00:00-05:00',
    '2026-03-09T23:59:59-04:00',
  )
  assert.deepEqual(Object.keys(dates), ['2026-03-06', '2026-03-09'])
  assert.equal(dates['2026-03-06']!.slots[0], '2026-03-06T09:00:00-05:00')
  assert.equal(dates['2026-03-06']!.slots.at(-1), '2026-03-06T16:30:00-05:00')
  assert.equal(dates['2026-03-09']!.slots[0], '2026-03-09T09:00:00-04:00')
  assert.equal(dates['2026-03-09']!.slots.length, 16)

  // The same instants in UTC: 14:00Z before the change, 13:00Z after.
  const utc = await freeSlots(
    sandbox,
    consultation,
    '2026-03-06T00:00:00-05:00',
    '2026-03-09T23:59:59-04:00',
    'UTC',
  )
  assert.equal(utc['2026-03-06']!.slots[0], '2026-03-06T14:00:00+00:00')
  assert.equal(utc['2026-03-09']!.slots[0], '2026-03-09T13:00:00+00:00')
})

test('free slots across the autumn change (2026-11-01), keyed by the requested zone', async () => {
  const sandbox = createSandbox({ now: manualClock('2026-10-26T13:00:00Z') })
  const dates = await freeSlots(
    sandbox,
    consultation,
    '2026-10-30T00:00:00-04:00',
    '2026-11-02T23:59:59-05:00',
  )
  assert.equal(dates['2026-10-30']!.slots[0], '2026-10-30T09:00:00-04:00')
  assert.equal(dates['2026-11-02']!.slots[0], '2026-11-02T09:00:00-05:00')
  assert.equal(dates['2026-11-01'], undefined, 'Sunday is closed')

  const kolkata = await freeSlots(
    sandbox,
    consultation,
    '2026-11-02T00:00:00-05:00',
    '2026-11-02T23:59:59-05:00',
    'Asia/Kolkata',
  )
  assert.deepEqual(Object.keys(kolkata), ['2026-11-02', '2026-11-03'])
  assert.equal(kolkata['2026-11-02']!.slots[0], '2026-11-02T19:30:00+05:30')
  for (const [date, { slots }] of Object.entries(kolkata))
    for (const s of slots) assert.equal(s.slice(0, 10), date)
})

test('a range over 31 days is refused; 31 days exactly is fine', async () => {
  const sandbox = createSandbox({ now: manualClock('2026-03-02T14:00:00Z') })
  const start = Date.parse('2026-03-02T05:00:00Z')
  const ok = await callSandbox(
    sandbox,
    `/calendars/${consultation}/free-slots?startDate=${start}&endDate=${start + 31 * DAY}`,
  )
  assert.equal(ok.status, 200)
  const tooLong = await callSandbox(
    sandbox,
    `/calendars/${consultation}/free-slots?startDate=${start}&endDate=${start + 31 * DAY + 1}`,
  )
  assert.equal(tooLong.status, 400)
  assert.match(tooLong.body.message, /31 days/)
  const reversed = await callSandbox(
    sandbox,
    `/calendars/${consultation}/free-slots?startDate=${start}&endDate=${start - 1}`,
  )
  assert.equal(reversed.status, 400)
  const badZone = await callSandbox(
    sandbox,
    `/calendars/${consultation}/free-slots?startDate=${start}&endDate=${start + DAY}&timezone=Mars/Base`,
  )
  assert.equal(badZone.status, 400)
})

test('the booking window: nothing in the past, 24 hours notice, 60 days ahead, no draft calendars', async () => {
  const clock = manualClock('2026-03-02T15:10:00Z') // Monday 10:10 in New York
  const sandbox = createSandbox({ now: clock })
  const today = await freeSlots(
    sandbox,
    consultation,
    '2026-03-02T00:00:00-05:00',
    '2026-03-02T23:59:59-05:00',
  )
  assert.equal(today['2026-03-02']!.slots[0], '2026-03-02T10:30:00-05:00')

  const sessions = await freeSlots(sandbox, session, '2026-03-02T00:00:00-05:00', '2026-03-03T23:59:59-05:00')
  assert.deepEqual(Object.keys(sessions), ['2026-03-03'])
  assert.equal(sessions['2026-03-03']!.slots[0], '2026-03-03T10:30:00-05:00', 'at least 24 hours ahead')

  const horizon = await freeSlots(
    sandbox,
    consultation,
    '2026-04-27T00:00:00-04:00',
    '2026-05-08T23:59:59-04:00',
  )
  assert.equal(Object.keys(horizon).at(-1), '2026-05-01', 'the 60th day is the last')

  assert.deepEqual(
    await freeSlots(sandbox, SANDBOX.draftCalendar, '2026-03-03T00:00:00-05:00', '2026-03-04T00:00:00-05:00'),
    {},
  )

  const contactId = await upsertContact(sandbox)
  for (const start of ['2026-03-02T10:00:00-05:00', '2026-05-04T09:00:00-04:00']) {
    const res = await bookSlot(sandbox, consultation, contactId, start)
    assert.equal(res.status, 400, start)
    assert.equal(res.body.message, 'The slot you have selected is no longer available.')
  }
  const draft = await bookSlot(sandbox, SANDBOX.draftCalendar, contactId, '2026-03-04T09:00:00-05:00')
  assert.equal(draft.status, 400)
  const beyond = await callSandbox(sandbox, '/calendars/events/appointments', {
    method: 'POST',
    body: {
      calendarId: consultation,
      locationId: SANDBOX.locationId,
      contactId,
      startTime: '2026-05-04T09:00:00-04:00',
      ignoreDateRange: true,
    },
  })
  assert.equal(beyond.status, 200, 'ignoreDateRange lifts the horizon')
})

test('booking a slot removes it; the same slot twice fails; only grid times are slots', async () => {
  const sandbox = createSandbox({ now: manualClock('2026-03-02T14:00:00Z') })
  const contactId = await upsertContact(sandbox)
  const range = ['2026-03-04T00:00:00-05:00', '2026-03-04T23:59:59-05:00'] as const
  const before = (await freeSlots(sandbox, consultation, ...range))['2026-03-04']!.slots
  assert.ok(before.includes('2026-03-04T10:00:00-05:00'))

  const first = await bookSlot(sandbox, consultation, contactId, '2026-03-04T10:00:00-05:00')
  assert.equal(first.status, 200)
  assert.equal(first.body.startTime, '2026-03-04T10:00:00-05:00')
  assert.equal(first.body.endTime, '2026-03-04T10:30:00-05:00')
  assert.equal(first.body.appointmentStatus, 'confirmed')
  const after = (await freeSlots(sandbox, consultation, ...range))['2026-03-04']!.slots
  assert.deepEqual(
    after,
    before.filter((s) => s !== '2026-03-04T10:00:00-05:00'),
  )

  // The same instant written in UTC is the same slot, so it is taken too.
  const again = await bookSlot(sandbox, consultation, contactId, '2026-03-04T15:00:00Z')
  assert.equal(again.status, 400)
  assert.equal(again.body.message, 'The slot you have selected is no longer available.')
  const offGrid = await bookSlot(sandbox, consultation, contactId, '2026-03-04T11:10:00-05:00')
  assert.equal(offGrid.status, 400)
  const notIso = await bookSlot(sandbox, consultation, contactId, 'next tuesday')
  assert.equal(notIso.status, 400)

  // Ten concurrent requests for one slot: exactly one wins.
  const results = await Promise.all(
    Array.from({ length: 10 }, () => bookSlot(sandbox, consultation, contactId, '2026-03-04T14:00:00-05:00')),
  )
  assert.deepEqual(results.map((r) => r.status).sort(), [200, ...Array(9).fill(400)])
  assert.equal(sandbox.appointments().length, 2)

  // A cancelled appointment frees its slot again.
  const cancel = await callSandbox(sandbox, `/calendars/events/appointments/${first.body.id}`, {
    method: 'PUT',
    body: { appointmentStatus: 'cancelled' },
  })
  assert.equal(cancel.status, 200)
  assert.ok(
    (await freeSlots(sandbox, consultation, ...range))['2026-03-04']!.slots.includes(
      '2026-03-04T10:00:00-05:00',
    ),
  )
})

test('contacts upsert matches by e-mail, then phone; appointments are listed per contact', async () => {
  const sandbox = createSandbox({ now: manualClock('2026-03-02T14:00:00Z') })
  const upsert = (body: object) =>
    callSandbox(sandbox, '/contacts/upsert', {
      method: 'POST',
      body: { locationId: SANDBOX.locationId, ...body },
    })
  const byEmail = await upsert({ email: SANDBOX.contact.email.toUpperCase(), firstName: 'Janet' })
  assert.equal(byEmail.body.new, false)
  assert.equal(byEmail.body.contact.id, SANDBOX.contact.id)
  assert.equal(byEmail.body.contact.firstName, 'Janet')
  const byPhone = await upsert({ phone: '+1 (212) 555-0100', firstName: 'J' })
  assert.equal(byPhone.body.contact.id, SANDBOX.contact.id)
  const fresh = await upsert({ email: 'new@example.com', firstName: 'New', lastName: 'Person' })
  assert.equal(fresh.body.new, true)
  assert.equal(fresh.body.contact.name, 'New Person')
  const other = await upsert({ locationId: 'loc-other', email: 'x@example.com' })
  assert.equal(other.status, 403)

  const booked = await bookSlot(sandbox, session, fresh.body.contact.id, '2026-03-04T13:00:00-05:00')
  assert.equal(booked.status, 200)
  const list = await callSandbox(sandbox, `/contacts/${fresh.body.contact.id}/appointments`)
  assert.deepEqual(
    list.body.events.map((e: { calendarId: string; startTime: string }) => [e.calendarId, e.startTime]),
    [[session, '2026-03-04T13:00:00-05:00']],
  )
  const event = await callSandbox(sandbox, `/calendars/events/appointments/${booked.body.id}`)
  assert.equal(event.body.event.endTime, '2026-03-04T14:00:00-05:00')
  assert.equal((await callSandbox(sandbox, '/calendars/events/appointments/apt-missing')).status, 400)
})
