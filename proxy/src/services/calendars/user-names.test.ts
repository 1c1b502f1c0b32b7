/**
 * Team members' names: cached and bounded by bytes; a token without users.readonly is said once and not asked
 * again; a failing or slow GHL leaves the header without names, never with an error.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { GhlError, type GhlClient } from '../../ghl/types.ts'
import type { LogEntry } from '../../logger.ts'
import { createUserNames, MAX_NAME_LENGTH, type UserNamesOptions } from './user-names.ts'

const NAMES: Record<string, string> = { 'u-1': 'Ava Smith', 'u-2': 'Ben Okafor' }

/** Names over a scripted `getUser`, on a clock the test moves. */
function setup(options: Partial<UserNamesOptions> = {}) {
  let now = Date.parse('2027-04-14T09:00:00Z')
  const asked: string[] = []
  let answer = async (userId: string): Promise<{ name: string }> => ({ name: NAMES[userId] ?? '' })
  const ghl = {
    getUser: (_location: string, userId: string) => {
      asked.push(userId)
      return answer(userId)
    },
  } as unknown as GhlClient
  const lines: LogEntry[] = []
  const names = createUserNames({ ghl, clock: () => now, log: (line) => lines.push(line), ...options })
  return {
    names,
    asked,
    lines,
    advance: (ms: number) => void (now += ms),
    answer: (next: typeof answer) => void (answer = next),
  }
}

const refusal = () => new GhlError('rejected', 'The token is not authorized for this scope.', { status: 401 })

describe('user names', () => {
  it('asks GHL once per user while the name is fresh, and again in the background after', async () => {
    const { names, asked, advance, answer } = setup({ ttlMs: 60_000 })
    assert.deepEqual(await names.namesOf('loc-1', ['u-1', 'u-2']), ['Ava Smith', 'Ben Okafor'])
    assert.deepEqual(await names.namesOf('loc-1', ['u-1']), ['Ava Smith'])
    assert.deepEqual(asked, ['u-1', 'u-2'])
    advance(61_000)
    answer(async () => ({ name: 'Ava Smith-Jones' }))
    // Past its time the name answers at once while GHL is asked again.
    assert.deepEqual(await names.namesOf('loc-1', ['u-1']), ['Ava Smith'])
    await new Promise((resolve) => setImmediate(resolve))
    assert.deepEqual(await names.namesOf('loc-1', ['u-1']), ['Ava Smith-Jones'])
    assert.deepEqual(asked, ['u-1', 'u-2', 'u-1'])
  })

  it('a token without users.readonly: no names, one log line per location, no more users calls', async () => {
    const { names, asked, lines, answer } = setup()
    answer(async () => Promise.reject(refusal()))
    assert.equal(await names.namesOf('loc-1', ['u-1', 'u-2']), undefined)
    assert.equal(await names.namesOf('loc-1', ['u-1']), undefined)
    assert.equal(await names.namesOf('loc-1', ['u-2']), undefined)
    // Another member of that location is not asked for either.
    assert.equal(await names.namesOf('loc-1', ['u-3']), undefined)
    assert.deepEqual(asked, ['u-1', 'u-2'])
    const refused = lines.filter((line) => line.msg === 'calendar.user_names_refused')
    assert.equal(refused.length, 1)
    assert.equal(refused[0]!.level, 'warn')
    assert.equal(refused[0]!.locationId, 'loc-1')
    assert.match(String(refused[0]!.fix), /users\.readonly/)
  })

  it('a failing GHL: no names now, asked again after retryMs; a name once known stands in', async () => {
    const { names, asked, advance, answer } = setup({ ttlMs: 60_000, retryMs: 5_000 })
    answer(async () => Promise.reject(new GhlError('unavailable', 'GHL answered 503', { status: 503 })))
    assert.equal(await names.namesOf('loc-1', ['u-1']), undefined)
    assert.equal(await names.namesOf('loc-1', ['u-1']), undefined)
    assert.equal(asked.length, 1)
    advance(5_001)
    answer(async (userId) => ({ name: NAMES[userId]! }))
    await names.namesOf('loc-1', ['u-1'])
    await new Promise((resolve) => setImmediate(resolve))
    assert.deepEqual(await names.namesOf('loc-1', ['u-1']), ['Ava Smith'])

    advance(61_000)
    answer(async () => Promise.reject(new GhlError('timeout', 'GHL timed out')))
    await names.namesOf('loc-1', ['u-1'])
    await new Promise((resolve) => setImmediate(resolve))
    assert.deepEqual(await names.namesOf('loc-1', ['u-1']), ['Ava Smith'])
  })

  it('all or nothing: one unknown member leaves the whole list out', async () => {
    const { names } = setup()
    assert.equal(await names.namesOf('loc-1', ['u-1', 'u-unnamed']), undefined)
    assert.equal(await names.namesOf('loc-1', []), undefined)
  })

  it('a slow GHL is not waited for past waitMs; the name is there for the next caller', async () => {
    const { names, answer } = setup({ waitMs: 20 })
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    answer(async (userId) => {
      await held
      return { name: NAMES[userId]! }
    })
    assert.equal(await names.namesOf('loc-1', ['u-1']), undefined)
    release()
    await new Promise((resolve) => setImmediate(resolve))
    assert.deepEqual(await names.namesOf('loc-1', ['u-1']), ['Ava Smith'])
  })

  it('names are one line, and an overlong one is not shown', async () => {
    const { names, answer } = setup()
    answer(async (userId) => ({
      name: userId === 'u-1' ? ' Ava\r\nSmith\u2028 ' : 'x'.repeat(MAX_NAME_LENGTH + 1),
    }))
    assert.deepEqual(await names.namesOf('loc-1', ['u-1']), ['Ava Smith'])
    assert.equal(await names.namesOf('loc-1', ['u-2']), undefined)
  })

  it('is bounded by bytes: past maxBytes the oldest names are forgotten and asked for again', async () => {
    const { names, asked } = setup({ maxBytes: 1_024 })
    for (let i = 0; i < 20; i++) await names.namesOf('loc-1', [`user-${i}`])
    assert.equal(asked.length, 20)
    await names.namesOf('loc-1', ['user-0'])
    assert.equal(asked.length, 21, 'the first name was evicted')
    await names.namesOf('loc-1', ['user-19'])
    assert.equal(asked.length, 21, 'the last one is held')
  })
})
