import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createSlotsResponseCache } from './slots-response.ts'

/** A month of half-hour slots, the kind of result a slots query gets. */
const month = Array.from({ length: 300 }, (_, i) => ({
  start: new Date(Date.UTC(2026, 2, 3) + i * 1_800_000).toISOString(),
  end: new Date(Date.UTC(2026, 2, 3) + (i + 1) * 1_800_000).toISOString(),
}))

test('bodies of a flood of distinct queries stay within maxBytes', () => {
  const maxBytes = 512 * 1024
  const responses = createSlotsResponseCache({ maxBytes })
  let largest = 0
  for (let i = 0; i < 500; i++) {
    const query = { from: '2026-03-03', to: '2026-04-02', timeZone: `Etc/GMT+${i}` }
    responses.body('cal-1', query, { slots: month, stale: false })
    largest = Math.max(largest, responses.bytes)
  }
  assert.ok(largest <= maxBytes && largest > maxBytes / 2, String(largest))
})

test('an entry counts its body at two bytes a character, and the slots it was built from', () => {
  const responses = createSlotsResponseCache()
  const result = { slots: month, stale: false }
  const { body } = responses.body('cal-1', { from: '2026-03-03', to: '2026-04-02', timeZone: 'UTC' }, result)
  assert.ok(responses.bytes >= 2 * body.length + 2 * JSON.stringify(month).length, String(responses.bytes))
})
