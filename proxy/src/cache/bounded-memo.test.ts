import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createBoundedMemo } from './bounded-memo.ts'
import { stringBytes } from './sizes.ts'

test('a flood of distinct keys stays within maxBytes; what is held is found again', () => {
  const memo = createBoundedMemo<number>({ maxBytes: 10_000 })
  let largest = 0
  for (let i = 0; i < 5_000; i++) {
    memo.set(`key-${i}`, i)
    assert.equal(memo.get(`key-${i}`), i)
    largest = Math.max(largest, memo.bytes)
  }
  assert.ok(largest <= 10_000 && largest > 9_000, String(largest))
})

test('counts each key at two bytes a character, and never holds an entry larger than the bound', () => {
  const memo = createBoundedMemo<string>({ maxBytes: 1_000 })
  memo.set('a', 'x')
  assert.ok(memo.bytes >= stringBytes('a'))
  memo.set('z'.repeat(600), 'x')
  assert.equal(memo.get('z'.repeat(600)), undefined)
  assert.equal(memo.get('a'), 'x')
  assert.throws(() => createBoundedMemo({ maxBytes: 0 }), RangeError)
})
