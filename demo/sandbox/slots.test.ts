import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { SandboxAppointment, SandboxCalendar } from './model.ts'
import { seedCalendars, SANDBOX } from './seed.ts'
import { freeSlotStarts, groupByDate } from './slots.ts'
import { formatZoned } from './zoned-time.ts'

const NY = SANDBOX.timeZone
const now = Date.parse('2026-03-02T14:00:00Z') // Monday 9:00 EST
const [consultation, session] = seedCalendars(now) as [SandboxCalendar, SandboxCalendar, SandboxCalendar]
const day = (iso: string) =>
  [Date.parse(`${iso}T00:00:00-05:00`), Date.parse(`${iso}T23:59:59-04:00`)] as const
const local = (starts: number[]) => starts.map((s) => formatZoned(s, NY).slice(11, 16))

function appointment(
  calendar: SandboxCalendar,
  startIso: string,
  minutes: number,
  extra: Partial<SandboxAppointment> = {},
) {
  const startMs = Date.parse(startIso)
  return {
    id: `apt-${startIso}`,
    locationId: SANDBOX.locationId,
    calendarId: calendar.id,
    contactId: 'c',
    groupId: 'g',
    title: 't',
    appointmentStatus: 'confirmed',
    assignedUserId: 'u',
    source: 'test',
    startMs,
    endMs: startMs + minutes * 60_000,
    addedMs: now,
    updatedMs: now,
    ...extra,
  } satisfies SandboxAppointment
}

const ctx = (appointments: SandboxAppointment[] = []) => ({ appointments, locationTimeZone: NY, now })

test('weekday hours on a 30-minute grid, nothing at the weekend', () => {
  const starts = freeSlotStarts(consultation, ...day('2026-03-04'), ctx())
  assert.equal(starts.length, 16)
  assert.deepEqual(local(starts).slice(0, 3), ['09:00', '09:30', '10:00'])
  assert.equal(local(starts).at(-1), '16:30')
  assert.deepEqual(freeSlotStarts(consultation, ...day('2026-03-07'), ctx()), [])
})

test('a booking with buffers blocks the slots its meeting or buffers touch', () => {
  const booked = [appointment(session, '2026-03-04T09:00:00-05:00', 60)]
  const starts = local(freeSlotStarts(session, ...day('2026-03-04'), ctx(booked)))
  // 60-minute slots, 15-minute buffers each side: 9:30 and 10:00 touch the booking, 10:30 is clear.
  assert.deepEqual(starts.slice(0, 2), ['10:30', '11:00'])
  assert.ok(starts.includes('13:00'), 'afternoon window after the lunch break')
  assert.ok(!starts.includes('11:30') && !starts.includes('12:00'), 'no slot runs into the lunch break')
})

test('cancelled appointments and other calendars leave slots free', () => {
  const booked = [
    appointment(consultation, '2026-03-04T09:00:00-05:00', 30, { appointmentStatus: 'cancelled' }),
    appointment(session, '2026-03-04T09:30:00-05:00', 60),
  ]
  assert.equal(freeSlotStarts(consultation, ...day('2026-03-04'), ctx(booked)).length, 16)
})

test('seats per slot and a daily cap', () => {
  const twoSeats = { ...consultation, appoinmentPerSlot: 2 }
  const one = [appointment(consultation, '2026-03-04T09:00:00-05:00', 30)]
  assert.equal(local(freeSlotStarts(twoSeats, ...day('2026-03-04'), ctx(one)))[0], '09:00')
  const two = [...one, appointment(consultation, '2026-03-04T09:00:00-05:00', 30, { id: 'b' })]
  assert.equal(local(freeSlotStarts(twoSeats, ...day('2026-03-04'), ctx(two)))[0], '09:30')
  const capped = { ...consultation, appoinmentPerDay: 1 }
  assert.deepEqual(freeSlotStarts(capped, ...day('2026-03-04'), ctx(one)), [])
})

test('custom dates replace weekly hours unless availabilityType says otherwise', () => {
  const custom = {
    ...consultation,
    availabilities: [
      {
        date: '2026-03-04T00:00:00.000Z',
        hours: [{ openHour: 14, openMinute: 0, closeHour: 15, closeMinute: 0 }],
      },
    ],
  }
  assert.deepEqual(local(freeSlotStarts(custom, ...day('2026-03-04'), ctx())), ['14:00', '14:30'])
  assert.equal(freeSlotStarts({ ...custom, availabilityType: 0 }, ...day('2026-03-04'), ctx()).length, 16)
  assert.deepEqual(freeSlotStarts({ ...custom, availabilityType: 1 }, ...day('2026-03-05'), ctx()), [])
  // The seeded Saturday: the first one at least a week after the clock.
  assert.deepEqual(local(freeSlotStarts(consultation, ...day('2026-03-14'), ctx())), [
    '10:00',
    '10:30',
    '11:00',
    '11:30',
    '12:00',
    '12:30',
  ])
})

test('minimum notice, horizon, the past and inactive calendars', () => {
  assert.deepEqual(freeSlotStarts(session, ...day('2026-03-02'), ctx()), [], '24 hours notice: nothing today')
  assert.equal(local(freeSlotStarts(session, ...day('2026-03-03'), ctx()))[0], '09:00')
  const later = { ...ctx(), now: Date.parse('2026-03-02T15:10:00Z') } // 10:10 EST
  assert.equal(local(freeSlotStarts(consultation, ...day('2026-03-02'), later))[0], '10:30')
  assert.equal(freeSlotStarts(consultation, ...day('2026-05-01'), ctx()).length, 16, 'day 60 is bookable')
  assert.deepEqual(freeSlotStarts(consultation, ...day('2026-05-04'), ctx()), [], 'beyond 60 days')
  assert.equal(
    freeSlotStarts(consultation, ...day('2026-05-04'), { ...ctx(), ignoreDateRange: true }).length,
    16,
  )
  assert.deepEqual(freeSlotStarts({ ...consultation, isActive: false }, ...day('2026-03-04'), ctx()), [])
})

test('grouping by local date of the requested zone', () => {
  const starts = freeSlotStarts(consultation, ...day('2026-03-04'), ctx())
  const kolkata = groupByDate(starts, 'Asia/Kolkata')
  // 9:00-16:30 EST is 19:30 the same day to 03:00 the next day in Kolkata.
  assert.deepEqual(Object.keys(kolkata), ['2026-03-04', '2026-03-05'])
  assert.equal(kolkata['2026-03-04']!.slots[0], '2026-03-04T19:30:00+05:30')
  assert.equal(kolkata['2026-03-05']!.slots.at(-1), '2026-03-05T03:00:00+05:30')
})

test('a window spanning the change itself: wall-clock hours, the skipped hour offered once', () => {
  const allDay = {
    ...consultation,
    slotDuration: 60,
    slotInterval: 60,
    openHours: [
      { daysOfTheWeek: [0], hours: [{ openHour: 0, openMinute: 0, closeHour: 0, closeMinute: 0 }] },
    ],
  }
  const spring = local(freeSlotStarts(allDay, ...day('2026-03-08'), ctx()))
  assert.equal(spring.length, 23)
  assert.deepEqual(spring.slice(0, 3), ['00:00', '01:00', '03:00'])
  const autumn = freeSlotStarts(
    allDay,
    Date.parse('2026-11-01T04:00:00Z'),
    Date.parse('2026-11-02T04:59:59Z'),
    {
      ...ctx(),
      now: Date.parse('2026-10-26T13:00:00Z'),
    },
  )
  assert.deepEqual(
    autumn.slice(0, 3).map((s) => formatZoned(s, NY)),
    ['2026-11-01T00:00:00-04:00', '2026-11-01T01:00:00-04:00', '2026-11-01T02:00:00-05:00'],
  )
  assert.equal(autumn.length, 24)
})
