import assert from 'node:assert/strict'
import { test } from 'node:test'
import * as v from 'valibot'
import { BookingRequest, MAX_SLOT_RANGE_DAYS, SlotsQuery, TimeZone } from './schemas.ts'

test('time zones come out in their canonical spelling, whatever the case they were sent in', () => {
  assert.equal(v.parse(TimeZone, 'europe/berlin'), 'Europe/Berlin')
  assert.equal(v.parse(TimeZone, 'AMERICA/NEW_YORK'), 'America/New_York')
  assert.equal(v.parse(TimeZone, 'UTC'), 'UTC')
  assert.equal(v.safeParse(TimeZone, 'Mars/Olympus_Mons').success, false)
  // Many spellings of one zone are all the same zone to the caches behind the contract.
  const spellings = new Set<string>()
  for (let i = 0; i < 3_000; i++) {
    const mixed = [...'america/chicago'].map((c, j) => ((i >> j) & 1 ? c.toUpperCase() : c)).join('')
    spellings.add(v.parse(TimeZone, mixed))
  }
  assert.deepEqual([...spellings], ['America/Chicago'])
})

test('a zone name is kept as given, never swapped for another name of the zone (Kolkata is not Calcutta)', () => {
  for (const zone of [
    'Asia/Kolkata',
    'Asia/Calcutta',
    'Europe/Kyiv',
    'Europe/Kiev',
    'Etc/UTC',
    'US/Eastern',
  ]) {
    assert.equal(v.parse(TimeZone, zone), zone)
  }
  // Only the letter case is fixed.
  assert.equal(v.parse(TimeZone, 'asia/kolkata'), 'Asia/Kolkata')
  assert.equal(v.parse(TimeZone, 'EUROPE/KYIV'), 'Europe/Kyiv')
  // Names the runtime does not list still have few spellings: the caches keyed by zone stay bounded.
  const spellings = new Set<string>()
  for (let i = 0; i < 4_096; i++) {
    const mixed = [...'asia/kolkata'].map((c, j) => ((i >> j) & 1 ? c.toUpperCase() : c)).join('')
    spellings.add(v.parse(TimeZone, mixed))
  }
  assert.ok(spellings.size <= 4, [...spellings].join(', '))
  assert.ok(spellings.has('Asia/Kolkata'))
})

test('a slots query: real dates, in order, within the range limit', () => {
  const ok = v.safeParse(SlotsQuery, { from: '2026-12-01', to: '2026-12-31', timeZone: 'Asia/Tokyo' })
  assert.equal(ok.success, true)
  for (const bad of [
    { from: '2026-02-30', to: '2026-03-01', timeZone: 'UTC' },
    { from: '2026-12-02', to: '2026-12-01', timeZone: 'UTC' },
    { from: '2026-01-01', to: '2026-06-01', timeZone: 'UTC' },
    { from: '2026-01-01', to: '2026-01-02', timeZone: 'Nowhere/Land' },
  ]) {
    assert.equal(v.safeParse(SlotsQuery, bad).success, false, JSON.stringify(bad))
  }
})

test('a slots query spans at most 42 days: a month grid with its edges, not two months', () => {
  assert.equal(MAX_SLOT_RANGE_DAYS, 42)
  const span = (to: string) => v.safeParse(SlotsQuery, { from: '2027-01-01', to, timeZone: 'UTC' })
  assert.equal(span('2027-01-31').success, true)
  assert.equal(span('2027-02-11').success, true)
  const over = span('2027-02-12')
  assert.equal(over.success, false)
  assert.match(over.issues?.[0]?.message ?? '', /at most 42 days/)
})

test('a booking request keeps the start exactly as sent and refuses a malformed one', () => {
  const request = {
    calendarId: 'cal-1',
    start: '2026-12-01T09:00:00-05:00',
    timeZone: 'europe/london',
    contact: { firstName: ' Ada ', lastName: 'Lovelace', email: 'ada@example.com' },
  }
  const parsed = v.parse(BookingRequest, request)
  assert.equal(parsed.start, request.start)
  assert.equal(parsed.timeZone, 'Europe/London')
  assert.equal(parsed.contact.firstName, 'Ada')
  assert.equal(v.safeParse(BookingRequest, { ...request, start: 'tomorrow 9am' }).success, false)
  assert.equal(
    v.safeParse(BookingRequest, { ...request, contact: { ...request.contact, email: 'not-an-email' } })
      .success,
    false,
  )
})

test('a start must name a real instant: every field in range, the date existing; kept exactly as sent', () => {
  const base = {
    calendarId: 'cal-1',
    timeZone: 'UTC',
    contact: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' },
  }
  for (const start of [
    '2026-12-01T09:00:00-05:00',
    '2026-12-01T09:00-05:00',
    '2026-12-01T14:00:00.123Z',
    '2028-02-29T23:59:59+14:00',
  ]) {
    const parsed = v.safeParse(BookingRequest, { ...base, start })
    assert.equal(parsed.success, true, start)
    assert.equal(parsed.output?.start, start)
  }
  for (const start of [
    '2026-13-45T99:99:99Z',
    '2026-02-30T09:00:00Z',
    '2027-02-29T09:00:00Z',
    '2026-12-01T24:00:00Z',
    '2026-12-01T09:60:00Z',
    '2026-12-01T09:00:60Z',
    '2026-12-01T09:00:00+24:00',
    '2026-12-01T09:00:00+05:60',
    '0099-12-01T09:00:00Z',
    `2026-12-01T09:00:00.${'1'.repeat(40)}Z`,
  ]) {
    const parsed = v.safeParse(BookingRequest, { ...base, start })
    assert.equal(parsed.success, false, start)
    assert.equal(v.getDotPath(parsed.issues![0]), 'start', start)
  }
})

test('control characters: names keep one line, notes keep LF only, attribution and phone none at all', () => {
  const parsed = v.parse(BookingRequest, {
    calendarId: 'cal-1',
    start: '2026-12-01T09:00:00Z',
    timeZone: 'UTC',
    contact: {
      firstName: 'Ada\r\nBCC: x@evil.test',
      lastName: 'Love\u0000lace\u0007\u009b\u2028',
      email: 'ada@example.com',
      phone: '+1 555\r\n123 4567',
    },
    notes: 'one\r\ntwo\rthree\u2028four\tfive\u0000\u001b[31m',
    attribution: { utm_source: 'news\r\nletter', page: 'https://a.test/\u0000x', referrer: '\u0085r' },
  })
  assert.equal(parsed.contact.firstName, 'Ada  BCC: x@evil.test')
  assert.equal(parsed.contact.lastName, 'Lovelace')
  assert.equal(parsed.contact.phone, '+1 555  123 4567')
  assert.equal(parsed.notes, 'one\ntwo\nthree\nfour five[31m')
  assert.deepEqual(parsed.attribution, {
    utm_source: 'newsletter',
    page: 'https://a.test/x',
    referrer: 'r',
  })
  // A name of nothing but control characters is no name.
  const blank = v.safeParse(BookingRequest, {
    calendarId: 'cal-1',
    start: '2026-12-01T09:00:00Z',
    timeZone: 'UTC',
    contact: { firstName: '\r\n\u0000', lastName: 'L', email: 'ada@example.com' },
  })
  assert.equal(blank.success, false)
  assert.equal(v.getDotPath(blank.issues![0]), 'contact.firstName')
})
