// GHL answers that have the spec's shape but make no sense: an unknown zone, absurd durations, notices and
// windows, an appointment that ends before it starts or millennia later. The proxy refuses or bounds them; it
// never answers 500, and never a booking whose end is not shortly after its start.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SANDBOX } from '../demo/sandbox/index.ts'
import { proxyOnSandbox, visitor } from './support/proxy-on-sandbox.ts'

// A Monday noon in New York.
const NOW = Date.parse('2026-03-02T17:00:00Z')
const CAL = SANDBOX.calendars.consultation
const ZONE = 'America/New_York'

test('a location zone no runtime knows: 502 upstream_rejected on every route, not a 500', async () => {
  const { sandbox, calendar, slots, book } = proxyOnSandbox({ now: NOW })
  sandbox.state().location.timezone = 'Mars/Olympus_Mons'
  const answers = [
    await calendar(CAL),
    await slots(CAL, '2026-03-03', '2026-03-03', ZONE),
    await book(visitor(1, CAL, '2026-03-03T09:00:00-05:00', ZONE), 'mars-zone-1'),
  ]
  for (const answer of answers) {
    assert.equal(answer.status, 502, JSON.stringify(answer.body))
    assert.equal(answer.body.error.code, 'upstream_rejected')
  }
  assert.equal(sandbox.appointments().length, 0)
})

test('a meeting length outside one minute to a day: the calendar is refused with 502 upstream_rejected', async () => {
  for (const [slotDuration, slotDurationUnit] of [
    [0, 'mins'],
    [-30, 'mins'],
    [0.5, 'mins'],
    [25, 'hours'],
    [1e9, 'hours'],
  ] as const) {
    const { sandbox, calendar } = proxyOnSandbox({ now: NOW })
    Object.assign(sandbox.state().calendars.get(CAL)!, { slotDuration, slotDurationUnit })
    const res = await calendar(CAL)
    assert.equal(res.status, 502, `${slotDuration} ${slotDurationUnit}`)
    assert.equal(res.body.error.code, 'upstream_rejected')
  }
  const { sandbox, calendar } = proxyOnSandbox({ now: NOW })
  Object.assign(sandbox.state().calendars.get(CAL)!, { slotDuration: 24, slotDurationUnit: 'hours' })
  assert.equal((await calendar(CAL)).body.durationMinutes, 1_440)
})

test('notice and window settings are bounded: at most a year of notice and two years ahead', async () => {
  const cases = [
    [
      {
        allowBookingAfter: 1e6,
        allowBookingAfterUnit: 'weeks',
        allowBookingFor: 1e9,
        allowBookingForUnit: 'months',
      },
      525_600,
      730,
    ],
    [
      {
        allowBookingAfter: -5,
        allowBookingAfterUnit: 'days',
        allowBookingFor: -1,
        allowBookingForUnit: 'days',
      },
      0,
      365,
    ],
    [
      {
        allowBookingAfter: 2,
        allowBookingAfterUnit: 'days',
        allowBookingFor: 3,
        allowBookingForUnit: 'weeks',
      },
      2_880,
      21,
    ],
  ] as const
  for (const [settings, notice, window] of cases) {
    const { sandbox, calendar } = proxyOnSandbox({ now: NOW })
    Object.assign(sandbox.state().calendars.get(CAL)!, settings)
    const res = await calendar(CAL)
    assert.equal(res.status, 200, JSON.stringify(settings))
    assert.deepEqual(res.body.bookingWindow, { minNoticeMinutes: notice, maxDaysAhead: window })
  }
})

test('a created appointment whose end is before its start or in year 6214: the end comes from the duration', async () => {
  for (const endTime of [
    '6214-03-03T09:30:00-05:00',
    '2026-03-03T08:00:00-05:00',
    '2026-03-03T09:00:00-05:00',
  ]) {
    const { slots, book } = proxyOnSandbox({
      now: NOW,
      // GHL made the appointment but reports an absurd end.
      intercept: async (request, sandbox) => {
        if (request.method !== 'POST' || !request.url.endsWith('/calendars/events/appointments')) return
        const created = await (await sandbox.fetch(request)).json()
        return Response.json({ ...created, endTime })
      },
    })
    const [slot] = (await slots(CAL, '2026-03-03', '2026-03-03', ZONE)).body.slots
    assert.equal(slot.start, '2026-03-03T09:00:00-05:00')
    const res = await book(visitor(2, CAL, slot.start, ZONE), 'absurd-end-1')
    assert.equal(res.status, 201)
    assert.equal(res.body.end, '2026-03-03T09:30:00-05:00', endTime)
  }
})

test('an end GHL reports within reason is kept: a calendar whose length changed since it was read', async () => {
  const { slots, book } = proxyOnSandbox({
    now: NOW,
    intercept: async (request, sandbox) => {
      if (request.method !== 'POST' || !request.url.endsWith('/calendars/events/appointments')) return
      const created = await (await sandbox.fetch(request)).json()
      return Response.json({ ...created, endTime: '2026-03-03T14:45:00Z' })
    },
  })
  const [slot] = (await slots(CAL, '2026-03-03', '2026-03-03', ZONE)).body.slots
  const res = await book(visitor(3, CAL, slot.start, ZONE), 'longer-end-1')
  assert.equal(res.status, 201)
  assert.equal(res.body.end, '2026-03-03T09:45:00-05:00')
})
