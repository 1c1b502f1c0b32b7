import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createSwrCache } from './swr-cache.ts'

function setup() {
  let now = 1_000_000
  const time = { advance: (ms: number) => (now += ms) }
  const cache = createSwrCache<string>({
    ttlMs: 60_000,
    staleWhileRevalidateMs: 30_000,
    staleIfErrorMs: 600_000,
    maxEntries: 100,
    maxBytes: 1_000_000,
    clock: () => now,
  })
  let loads = 0
  let fail = false
  const load = async () => {
    loads++
    await new Promise((resolve) => setImmediate(resolve))
    if (fail) throw new Error('upstream down')
    return `v${loads}`
  }
  return { cache, time, load, loads: () => loads, failNext: (value: boolean) => (fail = value) }
}

/** What a read says of its value, without when it was loaded (see the test of `loadedAt`). */
const valueOf = ({ value, stale }: { value: string; stale: boolean }) => ({ value, stale })

test('a read tells when its value was loaded, also when that value stands in for a failed reload', async () => {
  const { cache, time, load, failNext } = setup()
  assert.equal((await cache.get('k', load)).loadedAt, 1_000_000)
  time.advance(20_000)
  assert.equal((await cache.get('k', load)).loadedAt, 1_000_000)
  time.advance(100_000)
  failNext(true)
  const standIn = await cache.get('k', load)
  assert.deepEqual([standIn.value, standIn.stale, standIn.loadedAt], ['v1', true, 1_000_000])
  failNext(false)
  assert.equal((await cache.get('k', load)).loadedAt, 1_120_000)
})

test('concurrent misses share one load', async () => {
  const { cache, load, loads } = setup()
  const reads = await Promise.all(Array.from({ length: 100 }, () => cache.get('k', load)))
  assert.equal(loads(), 1)
  assert.ok(reads.every((r) => r.value === 'v1' && !r.stale))
})

test('fresh within the TTL, reloaded after it', async () => {
  const { cache, time, load, loads } = setup()
  await cache.get('k', load)
  time.advance(59_000)
  assert.equal((await cache.get('k', load)).value, 'v1')
  assert.equal(loads(), 1)
  time.advance(92_000) // past TTL and the revalidate window: the caller waits for the reload
  assert.equal((await cache.get('k', load)).value, 'v2')
  assert.equal(loads(), 2)
})

test('stale-while-revalidate: the old value at once, the new one next', async () => {
  const { cache, time, load, loads } = setup()
  await cache.get('k', load)
  time.advance(70_000)
  const read = await cache.get('k', load)
  assert.deepEqual(valueOf(read), { value: 'v1', stale: false })
  await new Promise((resolve) => setTimeout(resolve, 5))
  assert.equal(loads(), 2)
  assert.equal((await cache.get('k', load)).value, 'v2')
})

test('stale-if-error: a failed reload serves the old value marked stale', async () => {
  const { cache, time, load, failNext } = setup()
  await cache.get('k', load)
  time.advance(120_000)
  failNext(true)
  assert.deepEqual(valueOf(await cache.get('k', load)), { value: 'v1', stale: true })
  time.advance(600_000) // too old even to stand in
  await assert.rejects(cache.get('k', load), /upstream down/)
})

test('a failed load with nothing cached throws its error to every waiter', async () => {
  const { cache, load, failNext } = setup()
  failNext(true)
  const results = await Promise.allSettled([cache.get('k', load), cache.get('k', load)])
  for (const result of results) {
    assert.equal(result.status, 'rejected')
    assert.match(String((result as PromiseRejectedResult).reason), /upstream down/)
  }
})

test('delete during a load: waiters still get it, the next read loads again', async () => {
  const { cache, load, loads } = setup()
  const pending = cache.get('k', load)
  cache.delete('k')
  assert.equal((await pending).value, 'v1')
  assert.equal((await cache.get('k', load)).value, 'v2')
  assert.equal(loads(), 2)
})

test('peekFresh: the value while fresh, nothing once stale, deleted or never loaded; never loads', async () => {
  const { cache, time, load, loads } = setup()
  assert.equal(cache.peekFresh('k'), undefined)
  await cache.get('k', load)
  assert.equal(cache.peekFresh('k'), 'v1')
  time.advance(60_001)
  assert.equal(cache.peekFresh('k'), undefined)
  cache.delete('k')
  assert.equal(cache.peekFresh('k'), undefined)
  assert.equal(loads(), 1)
})

test('bytes: a flood of distinct keys stays within maxBytes, each value counted by sizeOf', async () => {
  const cache = createSwrCache<string>({
    ttlMs: 60_000,
    maxEntries: 10_000,
    maxBytes: 20_000,
    clock: () => 0,
  })
  let largest = 0
  for (let i = 0; i < 2_000; i++) {
    await cache.get(`key-${i}`, async () => 'x'.repeat(100))
    largest = Math.max(largest, cache.bytes)
  }
  assert.ok(largest <= 20_000 && largest > 10_000, String(largest))
  // A value's 100 characters count three bytes each, its key and bookkeeping more.
  assert.ok(cache.bytes / cache.size > 300, String(cache.bytes / cache.size))
  assert.throws(() => createSwrCache({ ttlMs: 1, maxEntries: 1, maxBytes: 0 }), RangeError)
})

test('a slow reload past the revalidate window: the old value at once, marked stale; the reload serves the next read', async () => {
  let now = 1_000_000
  const cache = createSwrCache<string>({
    ttlMs: 60_000,
    staleWhileRevalidateMs: 30_000,
    staleAfterMs: 20,
    maxEntries: 10,
    maxBytes: 100_000,
    clock: () => now,
  })
  await cache.get('k', async () => 'v1')
  now += 120_000
  // GHL has not answered, and would not for a long while.
  let answer: (value: string) => void = () => {}
  const slow = () => new Promise<string>((resolve) => (answer = resolve))
  assert.deepEqual(valueOf(await cache.get('k', slow)), { value: 'v1', stale: true })
  // Readers meanwhile share the reload still in flight, and get the old value too.
  let loads = 0
  assert.deepEqual(valueOf(await cache.get('k', async () => `v${++loads}`)), { value: 'v1', stale: true })
  assert.equal(loads, 0)
  answer('v2')
  await new Promise((resolve) => setImmediate(resolve))
  assert.deepEqual(valueOf(await cache.get('k', slow)), { value: 'v2', stale: false })
})

test(
  'readers who come once a reload has run past staleAfterMs get the stale entry at once',
  { timeout: 5_000 },
  async () => {
    let now = 1_000_000
    const cache = createSwrCache<string>({
      ttlMs: 60_000,
      staleWhileRevalidateMs: 30_000,
      staleAfterMs: 10_000,
      maxEntries: 10,
      maxBytes: 100_000,
      clock: () => now,
    })
    await cache.get('k', async () => 'v1')
    now += 120_000
    let answer: (value: string) => void = () => {}
    const first = cache.get('k', () => new Promise<string>((resolve) => (answer = resolve)))
    // The reload has been running for 20 s by the clock: a reader now does not wait the 10 s again.
    now += 20_000
    assert.deepEqual(valueOf(await cache.get('k', async () => 'unused')), { value: 'v1', stale: true })
    answer('v2')
    // The first reader was within its budget when the reload answered.
    assert.deepEqual(valueOf(await first), { value: 'v2', stale: false })
  },
)

test('a reload that answers within staleAfterMs is waited for', async () => {
  let now = 1_000_000
  const cache = createSwrCache<string>({
    ttlMs: 60_000,
    staleAfterMs: 10_000,
    maxEntries: 10,
    maxBytes: 100_000,
    clock: () => now,
  })
  await cache.get('k', async () => 'v1')
  now += 200_000
  assert.deepEqual(valueOf(await cache.get('k', async () => 'v2')), { value: 'v2', stale: false })
})

test('a load goes to the waitUntil of the read that started it, once; readers that share it or hit hand nothing', async () => {
  const { cache, time, load } = setup()
  const handed: string[] = []
  const context = (name: string) => ({ waitUntil: (work: Promise<unknown>) => void handed.push(name) })
  await Promise.all([cache.get('k', load, context('first')), cache.get('k', load, context('second'))])
  await cache.get('k', load, context('hit'))
  time.advance(70_000) // stale-while-revalidate: the reload runs behind the answer
  await cache.get('k', load, context('reload'))
  assert.deepEqual(handed, ['first', 'reload'])
})
