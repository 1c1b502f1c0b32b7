// The memos behind zone names and zone arithmetic, which every slots request reaches with a zone the visitor
// chose: bounded by bytes whatever names arrive.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { rememberedZoneNames, zoneSpelling } from '../../../contract/time-zone.ts'
import { formatterBytes, localDate, startOfLocalDate } from './zoned.ts'

test('zone spellings: thousands of letter cases and unknown names, at most 2 000 names of at most 64 characters', () => {
  let most = 0
  for (let i = 0; i < 20_000; i++) {
    const mixed = [...'america/argentina/buenos_aires'].map((c, j) => ((i >> j) & 1 ? c.toUpperCase() : c))
    zoneSpelling(mixed.join(''))
    zoneSpelling(`Nowhere/Place_${i}`)
    most = Math.max(most, rememberedZoneNames())
  }
  assert.equal(most, 2_000)
})

test('a name longer than any zone is refused without being remembered', () => {
  zoneSpelling('Europe/Berlin')
  const before = rememberedZoneNames()
  assert.equal(zoneSpelling('Europe/' + 'x'.repeat(10_000)), null)
  assert.equal(rememberedZoneNames(), before)
})

test('formatters: every zone the runtime lists, in two spellings, stays within 8 MiB', () => {
  const at = Date.parse('2026-03-02T17:00:00Z')
  let largest = 0
  for (const zone of Intl.supportedValuesOf('timeZone')) {
    for (const spelling of [zone, zone.toUpperCase()]) {
      assert.match(localDate(at, spelling), /^\d{4}-\d{2}-\d{2}$/)
      startOfLocalDate('2026-03-02', spelling)
      largest = Math.max(largest, formatterBytes())
    }
  }
  assert.ok(largest <= 8 * 1024 * 1024 && largest > 4 * 1024 * 1024, String(largest))
})
