import assert from 'node:assert/strict'
import { test } from 'node:test'
import { monthWindows } from '../../time/zoned.ts'
import { fixedWindows } from './windows.ts'

const windowsOf = (month: string, zone: string) => {
  const at = Date.parse(`${month}-15T12:00:00Z`)
  return fixedWindows(monthWindows(at, at, zone))
}

test('one GHL call per month, even for 31-day months; only a month with a DST fall-back is split', () => {
  for (const month of ['2026-01', '2026-03', '2026-07', '2026-12', '2026-02', '2026-11']) {
    assert.equal(windowsOf(month, 'America/New_York').length, 1, month)
  }
  // Europe falls back in October, a 31-day month: 31 days and an hour, more than GHL allows.
  const october = windowsOf('2026-10', 'Europe/Berlin')
  assert.equal(october.length, 2)
  for (const w of october) assert.ok(w.endMs - 1 - w.startMs <= 31 * 86_400_000)
  assert.equal(windowsOf('2026-10', 'America/New_York').length, 1)
})
