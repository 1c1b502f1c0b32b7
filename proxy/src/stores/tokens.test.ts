import { test } from 'node:test'
import assert from 'node:assert/strict'
import { TEST_NOW } from '../../../test/support/dates.ts'
import { tokenStoreContract } from './token-store-contract.ts'
import { createMemoryTokenStore } from './tokens.ts'

tokenStoreContract('memory', async () => {
  let now = TEST_NOW
  return { store: createMemoryTokenStore({ clock: () => now }), advance: (ms) => void (now += ms) }
})

test('memory: a write past the maximum is refused rather than a grant dropped', async () => {
  const store = createMemoryTokenStore({ max: 2 })
  await store.replace('location:a', 'a')
  await store.put('location:b', 'b', 0)
  await assert.rejects(store.put('location:c', 'c', 0), RangeError)
  await assert.rejects(store.replace('location:c', 'c'), RangeError)
  assert.equal(await store.replace('location:a', 'a2'), 2, 'an existing record is still written')
  await store.delete('location:b')
  assert.equal(await store.put('location:c', 'c', 0), true)
})
