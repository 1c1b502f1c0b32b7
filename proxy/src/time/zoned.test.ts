import assert from 'node:assert/strict'
import { test } from 'node:test'
import { localDate } from './zoned.ts'

test('localDate is the date in the given zone', () => {
  const at = Date.parse('2026-03-02T23:30:00-05:00')
  assert.equal(localDate(at, 'America/New_York'), '2026-03-02')
  assert.equal(localDate(at, 'Europe/Berlin'), '2026-03-03')
})
