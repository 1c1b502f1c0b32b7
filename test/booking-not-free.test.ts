// A booking whose start is not a free slot is refused before anything of it reaches GHL: no contact, no tags, no
// appointment call, and the calendar's cached slots stay as they are. A cache read seconds ago stands as GHL's own
// answer; an older one is checked with GHL once per day at most, in case it is behind.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SANDBOX } from '../demo/sandbox/index.ts'
import { bookSlot, upsertContact } from '../demo/sandbox/testing.ts'
import { proxyOnSandbox, visitor } from './support/proxy-on-sandbox.ts'

// A Monday noon in New York; the consultation calendar is open 9-17 on weekdays.
const NOW = Date.parse('2026-03-02T17:00:00Z')
const CAL = SANDBOX.calendars.consultation
const ZONE = 'America/New_York'

/** The widget's reads of March and April 2026, a month at a time; resolves with every slot and the last status. */
async function readMonths(slots: ReturnType<typeof proxyOnSandbox>['slots']) {
  const march = await slots(CAL, '2026-03-02', '2026-03-31', ZONE)
  const april = await slots(CAL, '2026-04-01', '2026-04-30', ZONE)
  assert.deepEqual([march.status, april.status], [200, 200])
  return [...march.body.slots, ...april.body.slots] as { start: string }[]
}

/** The sandbox's requests after the first `from`, as `METHOD path`. */
const callsSince = (sandbox: ReturnType<typeof proxyOnSandbox>['sandbox'], from: number) =>
  sandbox
    .requests()
    .slice(from)
    .map((r) => `${r.method} ${r.path}`)

test('starts that are not free slots: 409 with alternatives, no contact, no write, no GHL call', async () => {
  const { sandbox, slots, book } = proxyOnSandbox({ now: NOW })
  // One visitor books 9:00 on Tuesday; then the widget reads this month and the next (the cache is warm).
  const taken = '2026-03-03T09:00:00-05:00'
  assert.equal((await book(visitor(1, CAL, taken, ZONE), 'real-booking-1')).status, 201)
  assert.ok(!(await readMonths(slots)).some((s) => s.start === taken))
  const contacts = sandbox.state().contacts.size
  const before = sandbox.requests().length

  const fakes = [
    taken, // booked by someone else
    '2026-03-03T09:17:00-05:00', // off the calendar's grid
    '2026-03-03T03:00:00-05:00', // before opening
    '2026-03-03T23:30:00-05:00', // after closing
  ]
  for (const [i, start] of fakes.entries()) {
    const answer = await book(visitor(100 + i, CAL, start, ZONE), `fake-booking-${i}`)
    assert.equal(answer.status, 409, JSON.stringify(answer.body))
    assert.equal(answer.body.error.code, 'slot_taken')
    assert.ok(answer.body.error.slots.length > 0, 'alternatives are offered')
  }
  // The cache was read moments ago, as the widget that sent them did: its answer stands, GHL is not asked.
  assert.deepEqual(callsSince(sandbox, before), [])
  assert.equal(sandbox.state().contacts.size, contacts)
  assert.equal(sandbox.appointments().length, 1)
})

test('a free slot written in another offset is the same slot, and is booked', async () => {
  const { sandbox, book } = proxyOnSandbox({ now: NOW })
  // 20:00Z is 15:00 in New York, a free half hour.
  const res = await book(visitor(1, CAL, '2026-03-03T20:00:00Z', ZONE), 'other-offset-1')
  assert.equal(res.status, 201, JSON.stringify(res.body))
  assert.equal(res.body.start, '2026-03-03T20:00:00Z')
  assert.equal(Date.parse(sandbox.appointments()[0]!.startTime), Date.parse('2026-03-03T20:00:00Z'))
})

test('a cache over ten seconds old is checked with GHL once per day; a refused start leaves it alone', async () => {
  // The clock stands still: without a throttle this high, the proxy's own GHL ceiling would wait for ever.
  const { sandbox, slots, book, clock } = proxyOnSandbox({ now: NOW, proxy: { throttleLimit: 1_000_000 } })
  await readMonths(slots)
  clock.advance(11_000)
  const before = sandbox.requests().length
  for (let i = 0; i < 20; i++) {
    const start = `2026-03-${String(3 + (i % 5)).padStart(2, '0')}T0${i % 8}:1${i % 10}:00-05:00`
    assert.equal((await book(visitor(i, CAL, start, ZONE), `junk-booking-${i}`)).status, 409)
  }
  // One refresh per distinct day (3 to 7 March), nothing else.
  const calls = callsSince(sandbox, before)
  assert.equal(calls.length, 5, calls.join('\n'))
  assert.ok(calls.every((c) => c === `GET /calendars/${CAL}/free-slots`))
  const again = sandbox.requests().length
  await readMonths(slots)
  assert.equal(sandbox.requests().length, again, 'the cached month was not cleared')
  assert.equal(sandbox.state().contacts.size, 1, 'only the seed contact exists')
})

test('a start the cache does not hold yet but GHL has free (booked free elsewhere) is booked', async () => {
  const { sandbox, slots, book, clock } = proxyOnSandbox({ now: NOW })
  // 10:00 is taken inside GHL before the widget reads the day, then freed again: the cache still misses it.
  const start = '2026-03-04T10:00:00-05:00'
  const contactId = await upsertContact(sandbox, 'someone@example.com')
  const made = await bookSlot(sandbox, CAL, contactId, start)
  assert.equal(made.status, 200, JSON.stringify(made.body))
  assert.ok(
    !(await slots(CAL, '2026-03-04', '2026-03-04', ZONE)).body.slots.some(
      (s: { start: string }) => s.start === start,
    ),
  )
  sandbox.state().appointments.delete(made.body.id)
  // Seconds later the cache is not trusted alone any more: GHL is asked, and the start is free.
  clock.advance(11_000)
  const res = await book(visitor(1, CAL, start, ZONE), 'freed-in-ghl-1')
  assert.equal(res.status, 201, JSON.stringify(res.body))
})

test('a date-time that does not exist is a 400 that names the start, with no GHL call', async () => {
  const { sandbox, book } = proxyOnSandbox({ now: NOW })
  const res = await book(visitor(1, CAL, '2026-13-45T99:99:99Z', ZONE), 'bad-start-key-1')
  assert.equal(res.status, 400)
  assert.equal(res.body.error.issues[0].path, 'start')
  assert.equal(sandbox.requests().length, 0)
})
