import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ghlInstants } from './times.ts'

const NY = 'America/New_York'
const iso = (value: string, zone = NY) => ghlInstants(value, zone).map((ms) => new Date(ms).toISOString())

test('an ISO time with an offset is that instant, whatever the zone', () => {
  assert.deepEqual(iso('2026-03-09T09:00:00-04:00'), ['2026-03-09T13:00:00.000Z'])
  assert.deepEqual(iso('2026-03-09T13:00:00Z', 'Asia/Kolkata'), ['2026-03-09T13:00:00.000Z'])
  assert.deepEqual(iso('2026-03-09 09:00:00+0530'), ['2026-03-09T03:30:00.000Z'])
})

test('a wall time without an offset (the spec’s `2021-07-16 11:00:00`) is read in the location’s zone', () => {
  assert.deepEqual(iso('2026-03-09 09:00:00'), ['2026-03-09T13:00:00.000Z'])
  assert.deepEqual(iso('2026-03-09 09:00:00', 'Asia/Kolkata'), ['2026-03-09T03:30:00.000Z'])
  assert.deepEqual(iso('2026-03-09T09:00'), ['2026-03-09T13:00:00.000Z'])
})

test('daylight saving: a repeated wall time names both instants, a skipped one names none', () => {
  // New York falls back at 2:00 EDT on 2026-11-01: 1:30 happens twice, at -04:00 and at -05:00.
  assert.deepEqual(iso('2026-11-01 01:30:00'), ['2026-11-01T05:30:00.000Z', '2026-11-01T06:30:00.000Z'])
  // It springs forward at 2:00 EST on 2026-03-08: 2:30 never happens.
  assert.deepEqual(iso('2026-03-08 02:30:00'), [])
  // Lord Howe moves by half an hour: 2:15 is skipped on 2026-10-04, 1:45 repeats on 2026-04-05.
  assert.deepEqual(iso('2026-10-04 02:15:00', 'Australia/Lord_Howe'), [])
  assert.equal(iso('2026-04-05 01:45:00', 'Australia/Lord_Howe').length, 2)
})

test('anything else names no instant', () => {
  for (const value of [
    '',
    'soon',
    '2026-02-30 10:00:00',
    '2026-03-09 24:00:00',
    '2026-03-09 9:00',
    undefined,
  ]) {
    assert.deepEqual(ghlInstants(value, NY), [], String(value))
  }
})
