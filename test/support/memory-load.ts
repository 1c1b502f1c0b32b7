/**
 * `node --import tsx --expose-gc --max-old-space-size=200 test/support/memory-load.ts <count> <now ISO>`: the
 * whole proxy (`buildProxy`) in front of the GHL sandbox in this process, asked `count` distinct valid slots
 * queries; prints one JSON line with the heap after a full GC before and after the load, and the statuses seen.
 * A child process of test/proxy-memory.test.ts, so the heap limit and `gc()` are its own.
 */
import { SANDBOX } from '../../demo/sandbox/index.ts'
import { MAX_SLOT_RANGE_DAYS, routes } from '../../contract/schemas.ts'
import { distinctSlotQuery } from './distinct-queries.ts'
import { proxyOnSandbox } from './proxy-on-sandbox.ts'

const count = Number(process.argv[2] ?? 20_000)
const now = Date.parse(process.argv[3] ?? '')
const gc = (globalThis as { gc?: () => void }).gc
if (!gc || !(count > 0) || Number.isNaN(now)) {
  console.error('usage: node --expose-gc --import tsx test/support/memory-load.ts <count> <now ISO>')
  process.exit(2)
}

/** Heap in use after full collections (twice: the first may only queue finalizers). */
function heapAfterGc(): number {
  gc!()
  gc!()
  return process.memoryUsage().heapUsed
}

const { proxy, site } = proxyOnSandbox({
  now,
  proxy: { log: undefined },
  site: {
    rateLimit: { site: { limit: 1e9, windowSeconds: 60 }, visitor: { limit: 1e9, windowSeconds: 60 } },
  },
})
const base = `http://proxy.test${routes.slots(site.id, SANDBOX.calendars.consultation)}?`
const ask = async (query: string) => {
  const response = await proxy.app.request(base + query, { headers: { 'x-forwarded-for': '203.0.113.9' } })
  await response.arrayBuffer()
  return response.status
}

// One query first, so the calendar, the zone and the windows are cached before the baseline.
await ask(distinctSlotQuery(count, { now, maxDays: MAX_SLOT_RANGE_DAYS }))
const before = heapAfterGc()
const statuses: Record<string, number> = {}
for (let i = 0; i < count; i++) {
  const status = await ask(distinctSlotQuery(i, { now, maxDays: MAX_SLOT_RANGE_DAYS }))
  statuses[status] = (statuses[status] ?? 0) + 1
  if (process.env.MEMORY_LOAD_PROGRESS && i % 2_000 === 0)
    console.error(i, Math.round(process.memoryUsage().heapUsed / 1e6), 'MB heap')
}
const after = heapAfterGc()
console.log(JSON.stringify({ count, heapBefore: before, heapAfter: after, growth: after - before, statuses }))
