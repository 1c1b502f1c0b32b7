// The abuse bench as a check: 300 bookings of starts that are not free slots, against the GHL sandbox on loopback,
// create nothing in GHL and cost it nothing when the cache is warm (just the month windows when it is cold). The figures themselves are printed by `npm run bench:abuse -- bookings`.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { describeAbuse, measureAbuseBookings } from '../bench/abuse-bookings.ts'

test('300 bookings of non-free starts: every one a 409, no contact, no appointment, no GHL call on a warm cache', async (t) => {
  const { warm, cold } = await measureAbuseBookings({ bookings: 300, timeLimitMs: 120_000 })
  t.diagnostic(describeAbuse('warm cache', warm))
  t.diagnostic(describeAbuse('cold cache', cold))
  for (const run of [warm, cold]) {
    assert.equal(run.bookings, 300)
    assert.deepEqual(run.statuses, { 409: 300 })
    assert.equal(run.contactsCreated, 0)
    assert.equal(run.appointmentsCreated, 0)
    for (const route of Object.keys(run.byRoute))
      assert.equal(route, 'GET /calendars/cal-consultation/free-slots')
  }
  assert.equal(warm.ghlCalls, 0, 'the cache read moments ago stands as GHL’s own answer')
  // Cold, the two month windows of the booking window's first weeks load once.
  assert.ok(cold.ghlCalls <= 2, `${cold.ghlCalls} GHL calls`)
})
