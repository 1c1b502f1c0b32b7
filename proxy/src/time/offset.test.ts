import assert from 'node:assert/strict'
import { test } from 'node:test'
import { addMinutesKeepingOffset, atOffsetOf, sameInstant } from './offset.ts'

test('addMinutesKeepingOffset keeps the start offset', () => {
  assert.equal(addMinutesKeepingOffset('2026-03-02T09:00:00-05:00', 30), '2026-03-02T09:30:00-05:00')
  assert.equal(addMinutesKeepingOffset('2026-03-02T23:45:00+05:30', 30), '2026-03-03T00:15:00+05:30')
  assert.equal(addMinutesKeepingOffset('2025-03-03T09:00:00-05:00', 30), '2025-03-03T09:30:00-05:00')
  assert.equal(addMinutesKeepingOffset('2026-03-02T09:00Z', 60), '2026-03-02T10:00:00Z')
  assert.equal(addMinutesKeepingOffset('2026-03-02T09:00:00.000Z', 60), '2026-03-02T10:00:00Z')
})

test('an offset written without a colon is kept, written with one', () => {
  assert.equal(addMinutesKeepingOffset('2026-03-02T23:45:00+0530', 30), '2026-03-03T00:15:00+05:30')
  assert.equal(
    atOffsetOf('2026-03-02T09:00:00-0500', Date.parse('2026-03-02T15:00:00Z')),
    '2026-03-02T10:00:00-05:00',
  )
})

test('atOffsetOf writes an instant in the offset of another string', () => {
  const at = Date.parse('2026-03-02T14:30:00Z')
  assert.equal(atOffsetOf('2026-03-02T09:00:00-05:00', at), '2026-03-02T09:30:00-05:00')
  assert.equal(atOffsetOf('2026-03-02T09:00:00Z', at), '2026-03-02T14:30:00Z')
})

test('sameInstant compares instants, not strings', () => {
  assert.ok(sameInstant('2026-03-02T09:00:00-05:00', '2026-03-02T14:00:00.000Z'))
  assert.ok(!sameInstant('2026-03-02T09:00:00-05:00', '2026-03-02T09:00:00Z'))
  assert.ok(!sameInstant(undefined, '2026-03-02T09:00:00Z'))
})
