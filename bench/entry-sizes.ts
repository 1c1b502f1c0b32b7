/**
 * `node --expose-gc --import tsx bench/entry-sizes.ts`: how many bytes each of the proxy's caches counts per entry
 * against what an entry really holds in this V8 heap (heap used after `gc()`, before and after filling the cache
 * with real entries, divided by their number). Counted must be at least measured, or a byte bound would let the
 * heap grow past it; the constants of proxy/src/cache/sizes.ts were calibrated with this script.
 */
import * as v from 'valibot'
import { createSlotService } from '../proxy/src/services/slots/slot-service.ts'
import { createMemoryRateLimitStore } from '../proxy/src/stores/rate-limit.ts'
import { createMemoryIdempotencyStore } from '../proxy/src/stores/idempotency-memory.ts'
import { createMemoryReplayGuard } from '../proxy/src/stores/replay.ts'
import { createBoundedMemo } from '../proxy/src/cache/bounded-memo.ts'
import { stringBytes } from '../proxy/src/cache/sizes.ts'
import type { GhlClient } from '../proxy/src/ghl/types.ts'
import { Site } from '../proxy/src/config/sites.ts'
import { addDays } from '../proxy/src/time/zoned.ts'
import type { CalendarService } from '../proxy/src/types.ts'

const gc = (globalThis as { gc?: () => void }).gc
if (!gc) {
  console.error('run with node --expose-gc --import tsx bench/entry-sizes.ts')
  process.exit(2)
}
const heap = () => {
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

/** A string as a request or a JSON body gives it: flat (`crypto.randomUUID()` returns a tree of its parts). */
const flat = (text: string): string => JSON.parse(JSON.stringify(text))

const rows: { cache: string; entries: number; counted: number; measured: number }[] = []

/** Fills a cache with `fill`, then reports counted and measured bytes per entry; `keep` holds it alive. */
async function measure(cache: string, entries: number, fill: () => Promise<() => number> | (() => number)) {
  const before = heap()
  const counted = await fill()
  const measured = heap() - before
  rows.push({ cache, entries, counted: counted() / entries, measured: measured / entries })
}

// ── Slot windows and answers: GHL's month of free slots, every half hour from 9 to 17 on weekdays, as parsed JSON. ──
const now = Date.parse('2026-03-02T17:00:00Z')
const calendarIds = Array.from({ length: 40 }, (_, i) => `calendar-${i}`)
const site = v.parse(Site, { id: 'acme', locationId: 'location-1', calendars: calendarIds, origins: [] })
const ghl = {
  async getFreeSlots(_: string, query: { startMs: number; endMs: number }) {
    const days: Record<string, string[]> = {}
    for (let day = new Date(query.startMs).toISOString().slice(0, 10); Date.parse(day) < query.endMs;) {
      if (new Date(day).getUTCDay() % 6) {
        days[day] = []
        for (let minutes = 9 * 60; minutes < 17 * 60; minutes += 30) {
          const time = `${String((minutes / 60) | 0).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
          days[day].push(`${day}T${time}:00-05:00`)
        }
      }
      day = addDays(day, 1)
    }
    return JSON.parse(JSON.stringify(days)) as Record<string, string[]>
  },
} as unknown as GhlClient
const info = {
  id: 'x',
  name: 'x',
  description: '',
  durationMinutes: 30,
  timeZone: 'UTC',
  bookingWindow: { minNoticeMinutes: 0, maxDaysAhead: 400 },
  form: { phone: 'optional', notes: 'optional', consent: null },
} as const
const calendars: CalendarService = { get: async () => ({ info, ghl: {} as never }) }
const big = 1024 * 1024 * 1024
const service = createSlotService({ ghl, calendars, clock: () => now, maxBytes: big, maxAnswerBytes: big })
const months = Array.from({ length: 12 }, (_, i) => addDays('2026-03-01', i * 31).slice(0, 8) + '01')

await measure('slot windows (a month each)', calendarIds.length * months.length, async () => {
  for (const calendarId of calendarIds)
    for (const from of months) await service.get(site, calendarId, { from, to: from, timeZone: 'UTC' })
  return () => service.bytes.windows
})
// Answers of 28 to 42 days on windows already held: each holds its body and ETag (not the slots, which the windows
// hold), so what it takes does not depend on whether its windows are still cached.
const queries = Array.from({ length: 4_000 }, (_, i) => ({
  from: addDays('2026-03-03', i % 200),
  to: addDays('2026-03-03', (i % 200) + 27 + (Math.floor(i / 200) % 15)),
  timeZone: ['UTC', 'Europe/Berlin', 'Asia/Tokyo', 'America/Los_Angeles'][Math.floor(i / 1_000)]!,
}))
await measure('slot answers (body and ETag)', queries.length, async () => {
  for (const [i, query] of queries.entries())
    await service.reply(site, calendarIds[i % calendarIds.length]!, query)
  return () => service.bytes.answers
})

// ── Rate-limit counters: one per visitor address. ──
const limits = createMemoryRateLimitStore({ clock: () => now, maxBytes: big, maxKeys: 1_000_000 })
// Keys as the middleware makes them: the site's prefix and the address, a flat string read from the request.
const addresses = Array.from({ length: 100_000 }, (_, i) => [10, i >> 16, (i >> 8) & 255, i & 255].join('.'))
await measure('rate-limit counters', addresses.length, () => {
  for (const address of addresses) limits.hit('ip:acme:' + address, 60_000)
  return () => limits.bytes
})

// ── Idempotency records: finished bookings. ──
const idempotency = createMemoryIdempotencyStore({ clock: () => now, maxBytes: big, max: 1_000_000 })
await measure('idempotency records', 20_000, async () => {
  for (let i = 0; i < 20_000; i++) {
    // As the booking route makes them: the site, and the visitor's key; a hex digest of the body.
    const key = 'acme:' + flat(crypto.randomUUID())
    const print = Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) =>
      b.toString(16).padStart(2, '0'),
    ).join('')
    await idempotency.claim(key, print)
    await idempotency.complete(key, print, {
      status: 201,
      body: JSON.parse(
        JSON.stringify({
          id: `apt-${crypto.randomUUID()}`,
          calendarId: 'CVokAlI8fgw4WYWoCtQz',
          start: '2026-03-09T09:00:00-05:00',
          end: '2026-03-09T09:30:00-05:00',
          title: `Free consultation: Visitor No${i}`,
          timeZone: 'America/New_York',
        }),
      ),
    })
  }
  return () => idempotency.bytes
})

// ── Webhook ids. ──
const replay = createMemoryReplayGuard({ clock: () => now, maxBytes: big, max: 1_000_000 })
await measure('webhook replay ids', 50_000, async () => {
  for (let i = 0; i < 50_000; i++) await replay.firstSeen(flat(crypto.randomUUID()))
  return () => replay.bytes
})

// ── A bounded memo (query strings, local midnights), here of names and their spellings. ──
const memo = createBoundedMemo<string | null>({
  maxBytes: big,
  sizeOf: (name, spelling) => stringBytes(name) + (spelling === null ? 0 : stringBytes(spelling)) + 48,
})
await measure('bounded memo (name, spelling)', 50_000, () => {
  for (let i = 0; i < 50_000; i++) memo.set(`america/new_york${i}`, `America/New_York${i}`)
  return () => memo.bytes
})

console.log(
  'cache                              entries   counted B/entry   measured B/entry   counted/measured',
)
for (const row of rows) {
  console.log(
    `${row.cache.padEnd(34)} ${String(row.entries).padStart(7)} ${row.counted.toFixed(0).padStart(17)} ${row.measured.toFixed(0).padStart(18)} ${(row.counted / row.measured).toFixed(2).padStart(18)}`,
  )
}
