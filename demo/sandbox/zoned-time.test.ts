import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  addDays,
  addMonths,
  formatZoned,
  isTimeZone,
  offsetMinutes,
  wallTime,
  weekday,
  zonedInstant,
} from './zoned-time.ts'

const NY = 'America/New_York'

test('offsets follow daylight saving in New York (2026-03-08 and 2026-11-01)', () => {
  assert.equal(offsetMinutes(Date.parse('2026-03-08T06:59:59Z'), NY), -300)
  assert.equal(offsetMinutes(Date.parse('2026-03-08T07:00:00Z'), NY), -240)
  assert.equal(offsetMinutes(Date.parse('2026-11-01T05:59:59Z'), NY), -240)
  assert.equal(offsetMinutes(Date.parse('2026-11-01T06:00:00Z'), NY), -300)
  assert.equal(offsetMinutes(Date.parse('2026-07-01T00:00:00Z'), 'Asia/Kolkata'), 330)
})

test('a wall time becomes the right instant on both sides of a change', () => {
  const nine = 9 * 60
  assert.equal(zonedInstant({ year: 2026, month: 3, day: 6 }, nine, NY), Date.parse('2026-03-06T14:00:00Z'))
  assert.equal(zonedInstant({ year: 2026, month: 3, day: 9 }, nine, NY), Date.parse('2026-03-09T13:00:00Z'))
  assert.equal(zonedInstant({ year: 2026, month: 11, day: 2 }, nine, NY), Date.parse('2026-11-02T14:00:00Z'))
  // On the change day itself, midnight and noon have different offsets.
  assert.equal(zonedInstant({ year: 2026, month: 3, day: 8 }, 0, NY), Date.parse('2026-03-08T05:00:00Z'))
  assert.equal(
    zonedInstant({ year: 2026, month: 3, day: 8 }, 12 * 60, NY),
    Date.parse('2026-03-08T16:00:00Z'),
  )
  // 2:30 does not exist on 2026-03-08 in New York: it resolves to 3:30 EDT.
  assert.equal(zonedInstant({ year: 2026, month: 3, day: 8 }, 150, NY), Date.parse('2026-03-08T07:30:00Z'))
  // Midnight at the end of a day (minute 1440) is the next day's start.
  assert.equal(zonedInstant({ year: 2026, month: 3, day: 7 }, 1440, NY), Date.parse('2026-03-08T05:00:00Z'))
})

test('instants are written with the zone offset, as GHL writes slots', () => {
  assert.equal(formatZoned(Date.parse('2026-03-09T13:00:00Z'), NY), '2026-03-09T09:00:00-04:00')
  assert.equal(formatZoned(Date.parse('2026-03-06T14:00:00Z'), NY), '2026-03-06T09:00:00-05:00')
  assert.equal(formatZoned(Date.parse('2026-03-06T14:00:00Z'), 'UTC'), '2026-03-06T14:00:00+00:00')
  assert.equal(formatZoned(Date.parse('2026-03-06T14:00:00Z'), 'Asia/Kolkata'), '2026-03-06T19:30:00+05:30')
  assert.equal(
    formatZoned(Date.parse('2026-03-06T14:00:00Z'), 'America/St_Johns'),
    '2026-03-06T10:30:00-03:30',
  )
})

test('date arithmetic: days, months, weekdays, wall times', () => {
  assert.deepEqual(addDays({ year: 2026, month: 2, day: 28 }, 1), { year: 2026, month: 3, day: 1 })
  assert.deepEqual(addDays({ year: 2026, month: 1, day: 1 }, -1), { year: 2025, month: 12, day: 31 })
  assert.deepEqual(addMonths({ year: 2026, month: 1, day: 31 }, 1), { year: 2026, month: 2, day: 28 })
  assert.equal(weekday({ year: 2026, month: 3, day: 8 }), 0)
  assert.deepEqual(wallTime(Date.parse('2026-03-08T07:00:00Z'), NY), {
    year: 2026,
    month: 3,
    day: 8,
    hour: 3,
    minute: 0,
    second: 0,
  })
  assert.equal(isTimeZone('Europe/Berlin'), true)
  assert.equal(isTimeZone('Mars/Olympus'), false)
})
