import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createClock } from './clock.ts'
import { createSandbox, SANDBOX } from './index.ts'

describe('sandbox clock', () => {
  it('runs from its start, moves when set or advanced, and stands still while frozen', () => {
    let source = 1_000
    const clock = createClock({ start: 50_000, source: () => source })
    assert.equal(clock.now(), 50_000)
    source += 10
    assert.equal(clock.now(), 50_010)
    clock.set(90_000)
    source += 5
    assert.equal(clock.now(), 90_005)
    clock.freeze(true)
    source += 1_000
    assert.equal(clock.now(), 90_005)
    clock.advance(60_000)
    assert.equal(clock.now(), 150_005)
    clock.freeze(false)
    source += 7
    assert.equal(clock.now(), 150_012)
    assert.equal(clock.frozen, false)
  })

  it('frozen from the start stands exactly at its start, however the source moves while it is built', () => {
    let source = 1_000
    // A source that ticks on every read, as Date.now can between two reads.
    const clock = createClock({ start: 50_000, frozen: true, source: () => source++ })
    assert.equal(clock.now(), 50_000)
    assert.equal(clock.frozen, true)
  })

  it('/_sandbox/clock sets the instant GHL answers from', async () => {
    const sandbox = createSandbox({ now: () => Date.parse('2027-04-14T15:00:00Z') })
    const control = (body?: object) =>
      sandbox.app.request('/_sandbox/clock', body ? { method: 'POST', body: JSON.stringify(body) } : {})
    assert.deepEqual(await (await control()).json(), {
      now: '2027-04-14T15:00:00.000Z',
      ms: Date.parse('2027-04-14T15:00:00Z'),
      frozen: false,
    })
    const moved = await control({ now: '2027-06-01T12:00:00-04:00', frozen: true, advanceMs: 60_000 })
    assert.equal(((await moved.json()) as { now: string }).now, '2027-06-01T16:01:00.000Z')

    // Free slots now start after the new instant: the first one is on 1 June at 12:30 New York time.
    const range = `startDate=${Date.parse('2027-06-01T00:00:00-04:00')}&endDate=${Date.parse('2027-06-02T00:00:00-04:00')}`
    const slots = await sandbox.app.request(
      `/calendars/${SANDBOX.calendars.consultation}/free-slots?${range}`,
      {
        headers: { Authorization: `Bearer ${SANDBOX.token}`, Version: '2021-04-15' },
      },
    )
    const body = (await slots.json()) as Record<string, { slots: string[] }>
    assert.equal(body['2027-06-01']!.slots[0], '2027-06-01T12:30:00-04:00')

    const bad = await control({ now: 'tomorrow' })
    assert.equal(bad.status, 400)
  })
})
