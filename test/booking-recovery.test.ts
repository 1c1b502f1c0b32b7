// After a create that failed or was refused as taken, the proxy looks up the contact's appointments: it must
// recognise the booking whether GHL writes their times with an offset or, as the spec's example does, as bare wall
// times of the location's zone (`2021-07-16 11:00:00`). Every test runs in both of the sandbox's formats.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SANDBOX, type Sandbox } from '../demo/sandbox/index.ts'
import { bookSlot, callSandbox, upsertContact } from '../demo/sandbox/testing.ts'
import { proxyOnSandbox, visitor } from './support/proxy-on-sandbox.ts'

const CAL = SANDBOX.calendars.consultation
const VISITOR_ZONE = 'Europe/Berlin'
const FORMATS = ['iso', 'spec'] as const

/** Lets the first create reach GHL, then answers it 502 as a failing gateway would: done, but never heard. */
function failFirstCreateAfterEffect() {
  let failed = false
  return async (request: Request, sandbox: Sandbox) => {
    if (failed || request.method !== 'POST' || !request.url.endsWith('/calendars/events/appointments')) return
    failed = true
    await sandbox.fetch(request)
    return Response.json({ statusCode: 502, message: 'Bad Gateway' }, { status: 502 })
  }
}

for (const format of FORMATS) {
  // A Monday noon in New York.
  const NOW = Date.parse('2026-03-02T17:00:00Z')

  test(`[${format}] a visitor booking a time she already holds in GHL gets her appointment, not a 409`, async () => {
    const { sandbox, slots, book } = proxyOnSandbox({
      now: NOW,
      sandbox: { contactAppointmentTimes: format },
    })
    const [slot] = (await slots(CAL, '2026-03-03', '2026-03-03', VISITOR_ZONE)).body.slots
    // Her appointment at that time is made in GHL after the proxy cached the day (by an attempt whose answer was
    // lost, on another instance, or by phone): the cache still offers the time, GHL answers "taken", and the
    // lookup of her appointments finds it.
    const contactId = await upsertContact(sandbox, 'visitor1@example.com')
    const held = await bookSlot(sandbox, CAL, contactId, slot.start)
    assert.equal(held.status, 200, JSON.stringify(held.body))
    const again = await book(visitor(1, CAL, slot.start, VISITOR_ZONE), 'rebook-again-1')
    assert.equal(again.status, 201, JSON.stringify(again.body))
    assert.equal(again.body.id, held.body.id)
    assert.equal(again.body.start, slot.start)
    assert.equal(sandbox.appointments().length, 1)

    const events = await callSandbox(sandbox, `/contacts/${contactId}/appointments`)
    const written = format === 'spec' ? /^2026-03-03 09:00:00$/ : /^2026-03-03T09:00:00-05:00$/
    assert.match(events.body.events[0].startTime, written)
  })

  test(`[${format}] a create that took effect but answered 502 is found by the lookup: one appointment`, async () => {
    const { sandbox, slots, book } = proxyOnSandbox({
      now: NOW,
      sandbox: { contactAppointmentTimes: format },
      intercept: failFirstCreateAfterEffect(),
    })
    const [slot] = (await slots(CAL, '2026-03-04', '2026-03-04', VISITOR_ZONE)).body.slots
    const res = await book(visitor(2, CAL, slot.start, VISITOR_ZONE), 'after-effect-1')
    assert.equal(res.status, 201, JSON.stringify(res.body))
    const [appointment, ...others] = sandbox.appointments()
    assert.equal(others.length, 0)
    assert.equal(res.body.id, appointment!.id)
    assert.equal(Date.parse(res.body.end) - Date.parse(res.body.start), 30 * 60_000)
  })

  test(`[${format}] in the hour the autumn change repeats, the lookup still finds the booking`, async () => {
    // The Monday before New York falls back (2026-11-01, 2:00 EDT → 1:00 EST); that Sunday opens 0:00-4:00.
    const now = Date.parse('2026-10-26T16:00:00Z')
    const { sandbox, slots, book } = proxyOnSandbox({
      now,
      sandbox: { contactAppointmentTimes: format },
      intercept: failFirstCreateAfterEffect(),
    })
    const calendar = sandbox.state().calendars.get(CAL)!
    calendar.availabilities = [
      {
        date: '2026-11-01T00:00:00.000Z',
        hours: [{ openHour: 0, openMinute: 0, closeHour: 4, closeMinute: 0 }],
      },
    ]
    const day = (await slots(CAL, '2026-11-01', '2026-11-01', 'America/New_York')).body.slots
    const slot = day.find((s: { start: string }) => s.start === '2026-11-01T01:30:00-04:00')
    assert.ok(slot, `the first 1:30 is offered (${day.map((s: { start: string }) => s.start).join(', ')})`)
    const res = await book(visitor(3, CAL, slot.start, VISITOR_ZONE), 'fall-back-1')
    assert.equal(res.status, 201, JSON.stringify(res.body))
    assert.equal(res.body.id, sandbox.appointments()[0]!.id)
    assert.equal(sandbox.appointments().length, 1)
    // Its end (1:00 EST, written `2026-11-01 01:00:00` in the spec's form) is the one after the start.
    assert.equal(Date.parse(res.body.end), Date.parse('2026-11-01T01:00:00-05:00'))
  })
}

test('the sandbox’s format switch: an option of createSandbox, and a setting of the control routes', async () => {
  const { sandbox } = proxyOnSandbox({ now: Date.parse('2026-03-02T17:00:00Z') })
  assert.deepEqual(sandbox.settings(), { contactAppointmentTimes: 'iso', usersReadonly: true })
  const set = await sandbox.app.request('/_sandbox/settings', {
    method: 'POST',
    body: JSON.stringify({ contactAppointmentTimes: 'spec' }),
  })
  assert.deepEqual(await set.json(), { contactAppointmentTimes: 'spec', usersReadonly: true })
  const bad = await sandbox.app.request('/_sandbox/settings', {
    method: 'POST',
    body: JSON.stringify({ contactAppointmentTimes: 'rfc' }),
  })
  assert.equal(bad.status, 400)
  sandbox.reset()
  assert.deepEqual(sandbox.settings(), { contactAppointmentTimes: 'iso', usersReadonly: true })
})
