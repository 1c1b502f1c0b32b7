/**
 * The behaviour every {@link TokenStore} shares, as node:test cases: the memory store runs them here, and the Redis
 * and Durable Objects stores run the same cases against their own backends.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { MAX_SEALED_BYTES, MAX_TOKEN_KEY_LENGTH, type TokenStore } from './tokens.ts'

/** A store to test, and how to move its clock (for lease expiry). */
export interface TokenStoreUnderTest {
  store: TokenStore
  /** Moves the store's clock forward by `ms`. */
  advance(ms: number): Promise<void> | void
}

/**
 * Registers the shared cases; `make` builds a fresh, empty store for each. `options` go to each test (`skip` with
 * a reason when the backend cannot run here).
 */
export function tokenStoreContract(
  name: string,
  make: () => Promise<TokenStoreUnderTest>,
  options: { skip?: string | boolean } = {},
): void {
  test(`${name}: put is a compare-and-set on the version`, options, async () => {
    const { store } = await make()
    assert.equal(await store.get('location:a'), undefined)
    assert.equal(await store.put('location:a', 'one', 1), false, 'no record is version 0')
    assert.equal(await store.put('location:a', 'one', 0), true)
    assert.deepEqual(await store.get('location:a'), { version: 1, sealed: 'one' })
    // Two writers read version 1; the second one's write is refused and it must read again.
    assert.equal(await store.put('location:a', 'two', 1), true)
    assert.equal(await store.put('location:a', 'other two', 1), false)
    assert.deepEqual(await store.get('location:a'), { version: 2, sealed: 'two' })
  })

  test(`${name}: replace writes whatever is stored; delete removes`, options, async () => {
    const { store } = await make()
    assert.equal(await store.replace('company:c', 'first'), 1)
    assert.equal(await store.replace('company:c', 'second'), 2)
    assert.deepEqual(await store.get('company:c'), { version: 2, sealed: 'second' })
    await store.delete('company:c')
    assert.equal(await store.get('company:c'), undefined)
    assert.equal(await store.put('company:c', 'again', 0), true)
  })

  test(`${name}: one lease holder at a time, until it releases or its time runs out`, options, async () => {
    const { store, advance } = await make()
    const first = await store.lease('location:a', 1_000)
    assert.ok(first)
    assert.equal(await store.lease('location:a', 1_000), undefined)
    assert.ok(await store.lease('location:b', 1_000), 'leases are per key')
    await store.release('location:a', 'not the holder')
    assert.equal(await store.lease('location:a', 1_000), undefined)
    await store.release('location:a', first)
    const second = await store.lease('location:a', 1_000)
    assert.ok(second && second !== first)
    await advance(1_001)
    const third = await store.lease('location:a', 1_000)
    assert.ok(third, 'an expired lease is free')
    // The expired holder's late release leaves the new holder's lease alone.
    await store.release('location:a', second)
    assert.equal(await store.lease('location:a', 1_000), undefined)
  })

  test(
    `${name}: a key past ${MAX_TOKEN_KEY_LENGTH} characters or a value past 16 KiB is refused with a RangeError`,
    options,
    async () => {
      const { store } = await make()
      const longest = `location:${'k'.repeat(MAX_TOKEN_KEY_LENGTH - 9)}`
      const tooLong = `${longest}k`
      const largest = 's'.repeat(MAX_SEALED_BYTES)
      // Within the limits, exactly at them: taken.
      assert.equal(await store.put(longest, largest, 0), true)
      assert.deepEqual(await store.get(longest), { version: 1, sealed: largest })
      assert.equal(await store.replace(longest, 'small'), 2)
      const refused = [
        () => store.get(tooLong),
        () => store.get(''),
        () => store.put(tooLong, 'v', 0),
        () => store.replace(tooLong, 'v'),
        () => store.delete(tooLong),
        () => store.lease(tooLong, 1_000),
        () => store.release(tooLong, 'holder'),
        () => store.put('location:a', `${largest}s`, 0),
        () => store.replace(longest, `${largest}s`),
        // Counted in UTF-8 bytes, not characters.
        () => store.replace(longest, 'é'.repeat(MAX_SEALED_BYTES / 2 + 1)),
      ]
      for (const call of refused) await assert.rejects(call, RangeError)
      assert.deepEqual(
        await store.get(longest),
        { version: 2, sealed: 'small' },
        'a refused write changes nothing',
      )
      assert.equal(await store.get('location:a'), undefined)
    },
  )
}
