// Booking calendars with a team or seats through the proxy: a round robin gets a free member assigned, a class
// fills its seats, a collective is booked for its primary member, and a visitor's repeated booking is hers, not
// a second member's time or a second seat.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SANDBOX } from '../demo/sandbox/index.ts'
import { proxyOnSandbox, visitor } from './support/proxy-on-sandbox.ts'

// A Monday noon in New York.
const NOW = Date.parse('2026-03-02T17:00:00Z')
const { team, groupClass } = SANDBOX.calendars
const ZONE = 'America/New_York'
const NINE = '2026-03-03T09:00:00-05:00'

test('round robin: each booking goes to a member free at that time, by priority; then the time is taken', async () => {
  const { sandbox, slots, book } = proxyOnSandbox({ now: NOW })
  assert.ok(
    (await slots(team, '2026-03-03', '2026-03-03', ZONE)).body.slots.some(
      (s: { start: string }) => s.start === NINE,
    ),
  )

  const first = await book(visitor(1, team, NINE, ZONE), 'round-robin-1')
  assert.equal(first.status, 201, JSON.stringify(first.body))
  const second = await book(visitor(2, team, NINE, ZONE), 'round-robin-2')
  assert.equal(second.status, 201, JSON.stringify(second.body))
  assert.deepEqual(
    sandbox.appointments().map((a) => a.assignedUserId),
    ['usr-ava', 'usr-ben'],
  )

  const third = await book(visitor(3, team, NINE, ZONE), 'round-robin-3')
  assert.equal(third.status, 409)
  assert.equal(third.body.error.code, 'slot_taken')
  assert.ok(third.body.error.slots.length > 0, 'other times of the day are offered')
  assert.equal(sandbox.appointments().length, 2)
  // The proxy asked GHL for one member's free slots at a time, with `userId`.
  const asked = sandbox
    .requests()
    .filter((r) => r.path.endsWith('/free-slots') && r.query.includes('userId='))
  assert.ok(asked.length >= 2)
})

test('round robin: a visitor booking her own time again gets her appointment, not another member’s time', async () => {
  const { sandbox, book } = proxyOnSandbox({ now: NOW })
  const first = await book(visitor(1, team, NINE, ZONE), 'repeat-first-1')
  assert.equal(first.status, 201)
  const again = await book(visitor(1, team, NINE, ZONE), 'repeat-again-1')
  assert.equal(again.status, 201)
  assert.equal(again.body.id, first.body.id)
  assert.equal(sandbox.appointments().length, 1)
})

test('round robin by priority: the member GHL ranks higher is asked first', async () => {
  const { sandbox, book } = proxyOnSandbox({ now: NOW })
  sandbox.state().calendars.get(team)!.teamMembers = [
    { userId: 'usr-ava', priority: 0, isPrimary: true },
    { userId: 'usr-ben', priority: 1, isPrimary: false },
  ]
  assert.equal((await book(visitor(1, team, NINE, ZONE), 'priority-1')).status, 201)
  assert.equal(sandbox.appointments()[0]?.assignedUserId, 'usr-ben')
})

test('class: every seat can be booked, then the class is full; a repeat is the visitor’s own seat', async () => {
  const { sandbox, book } = proxyOnSandbox({ now: NOW })
  const six = '2026-03-03T18:00:00-05:00'
  const seat = (n: number, key: string) => book(visitor(n, groupClass, six, ZONE), key)
  for (const n of [1, 2]) {
    const res = await seat(n, `class-seat-${n}`)
    assert.equal(res.status, 201, JSON.stringify(res.body))
    assert.equal(Date.parse(res.body.end) - Date.parse(res.body.start), 60 * 60_000)
  }
  // A seat is still free, so GHL would give her a second one: the proxy finds her booking first.
  const repeat = await seat(2, 'class-seat-2-again')
  assert.equal(repeat.status, 201)
  assert.equal(sandbox.appointments().length, 2)
  assert.equal((await seat(3, 'class-seat-3')).status, 201)
  const full = await seat(4, 'class-seat-4')
  assert.equal(full.status, 409)
  assert.equal(full.body.error.code, 'slot_taken')
  assert.equal(sandbox.appointments().length, 3)
  assert.ok(sandbox.appointments().every((a) => a.assignedUserId === 'usr-cleo'))
})

test('collective: booked for the primary member, and every member’s time is taken', async () => {
  const { sandbox, book } = proxyOnSandbox({ now: NOW })
  Object.assign(sandbox.state().calendars.get(team)!, { calendarType: 'collective' })
  const res = await book(visitor(1, team, NINE, ZONE), 'collective-1')
  assert.equal(res.status, 201, JSON.stringify(res.body))
  const [appointment] = sandbox.appointments()
  assert.equal(appointment?.assignedUserId, 'usr-ava')
  assert.deepEqual(appointment?.users, ['usr-ava', 'usr-ben'])
  assert.equal((await book(visitor(2, team, NINE, ZONE), 'collective-2')).status, 409)
})
