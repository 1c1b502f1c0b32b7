import { test } from 'node:test'
import assert from 'node:assert/strict'
import { addMinutesKeepingOffset, localDate, sameInstant } from './time.ts'

test('addMinutesKeepingOffset keeps the start offset', () => {
  assert.equal(addMinutesKeepingOffset('2026-03-02T09:00:00-05:00', 30), '2026-03-02T09:30:00-05:00')
  assert.equal(addMinutesKeepingOffset('2026-03-02T23:45:00+05:30', 30), '2026-03-03T00:15:00+05:30')
  assert.equal(addMinutesKeepingOffset('2026-03-02T09:00Z', 60), '2026-03-02T10:00:00Z')
})

test('localDate is the date in the given zone', () => {
  assert.equal(localDate('2026-03-02T23:30:00-05:00', 'America/New_York'), '2026-03-02')
  assert.equal(localDate('2026-03-02T23:30:00-05:00', 'Europe/Berlin'), '2026-03-03')
})

test('sameInstant compares instants, not strings', () => {
  assert.ok(sameInstant('2026-03-02T09:00:00-05:00', '2026-03-02T14:00:00.000Z'))
  assert.ok(!sameInstant('2026-03-02T09:00:00-05:00', '2026-03-02T09:00:00Z'))
  assert.ok(!sameInstant(undefined, '2026-03-02T09:00:00Z'))
})
