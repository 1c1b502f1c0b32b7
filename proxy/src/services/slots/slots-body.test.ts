import assert from 'node:assert/strict'
import { test } from 'node:test'
import * as v from 'valibot'
import { SlotsResponse } from '../../../../contract/schemas.ts'
import { serializeSlots } from './slots-body.ts'

/** A month of half-hour slots, the kind of result a slots query gets. */
const month = Array.from({ length: 300 }, (_, i) => ({
  start: new Date(Date.UTC(2026, 2, 3) + i * 1_800_000).toISOString(),
  end: new Date(Date.UTC(2026, 2, 3) + (i + 1) * 1_800_000).toISOString(),
}))
const query = { from: '2026-03-03', to: '2026-04-02', timeZone: 'UTC' }

test('a body is the contract’s slots answer, marked stale only when it is', () => {
  const fresh = JSON.parse(serializeSlots('cal-1', query, { slots: month, stale: false }).json)
  assert.deepEqual(v.parse(SlotsResponse, fresh), { calendarId: 'cal-1', ...query, slots: month })
  const stale = JSON.parse(serializeSlots('cal-1', query, { slots: month, stale: true }).json)
  assert.equal(v.parse(SlotsResponse, stale).stale, true)
})

test('the ETag is strong, the same for the same body and another for another', () => {
  const { etag } = serializeSlots('cal-1', query, { slots: month, stale: false })
  assert.match(etag, /^"[0-9a-z]+-[0-9a-z]+"$/)
  assert.equal(serializeSlots('cal-1', query, { slots: [...month], stale: false }).etag, etag)
  assert.notEqual(serializeSlots('cal-1', query, { slots: month.slice(1), stale: false }).etag, etag)
  assert.notEqual(serializeSlots('cal-1', query, { slots: month, stale: true }).etag, etag)
})
