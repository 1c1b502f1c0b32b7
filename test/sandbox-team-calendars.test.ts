// Calendars with teams and seats in the sandbox: a round robin offers a time while any member is free and needs
// the member named on create; a class takes as many bookings per slot as it has seats; a collective's
// appointment takes every member.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createSandbox, SANDBOX } from '../demo/sandbox/index.ts'
import { callSandbox, manualClock, upsertContact } from '../demo/sandbox/testing.ts'

const { team, groupClass } = SANDBOX.calendars
const NOW = '2026-03-02T14:00:00Z' // Monday 9:00 in New York
const TUESDAY = ['2026-03-03T00:00:00-05:00', '2026-03-03T23:59:59-05:00'].map(Date.parse) as [number, number]

/** The day's slot starts of a calendar, for some members or all. */
async function starts(sandbox: ReturnType<typeof createSandbox>, calendarId: string, users = '') {
  const res = await callSandbox(
    sandbox,
    `/calendars/${calendarId}/free-slots?startDate=${TUESDAY[0]}&endDate=${TUESDAY[1]}${users}`,
  )
  assert.equal(res.status, 200)
  return (res.body['2026-03-03']?.slots ?? []) as string[]
}

const create = (
  sandbox: ReturnType<typeof createSandbox>,
  calendarId: string,
  contactId: string,
  extra = {},
) =>
  callSandbox(sandbox, '/calendars/events/appointments', {
    method: 'POST',
    body: {
      calendarId,
      locationId: SANDBOX.locationId,
      contactId,
      startTime: '2026-03-03T09:00:00-05:00',
      ...extra,
    },
  })

test('round robin: a time is free while any member is; create needs a member, who must be free then', async () => {
  const sandbox = createSandbox({ now: manualClock(NOW) })
  const [a, b, c] = [
    await upsertContact(sandbox, 'a@x.test'),
    await upsertContact(sandbox, 'b@x.test'),
    await upsertContact(sandbox, 'c@x.test'),
  ]
  const nine = '2026-03-03T09:00:00-05:00'
  assert.ok((await starts(sandbox, team)).includes(nine))

  const unassigned = await create(sandbox, team, a)
  assert.equal(unassigned.status, 400)
  assert.match(unassigned.body.message, /Either userId or assignedUserId must be set/)
  assert.equal((await create(sandbox, team, a, { assignedUserId: 'usr-nobody' })).status, 400)

  const withAva = await create(sandbox, team, a, { assignedUserId: 'usr-ava' })
  assert.equal(withAva.status, 200)
  assert.equal(withAva.body.assignedUserId, 'usr-ava')
  // Ben is still free at 9:00: the calendar offers it, Ava's own slots do not.
  assert.ok((await starts(sandbox, team)).includes(nine))
  assert.ok(!(await starts(sandbox, team, '&userId=usr-ava')).includes(nine))
  assert.ok((await starts(sandbox, team, '&userId=usr-ben')).includes(nine))
  assert.ok((await starts(sandbox, team, '&userIds[]=usr-ava&userIds[]=usr-ben')).includes(nine))

  assert.equal((await create(sandbox, team, b, { assignedUserId: 'usr-ava' })).status, 400)
  // `userId`, not in the spec, is taken in place of assignedUserId.
  const withBen = await create(sandbox, team, b, { userId: 'usr-ben' })
  assert.equal(withBen.status, 200)
  assert.equal(withBen.body.assignedUserId, 'usr-ben')
  assert.ok(!(await starts(sandbox, team)).includes(nine))
  assert.equal((await create(sandbox, team, c, { assignedUserId: 'usr-ben' })).status, 400)
})

test('class: three seats per slot, the slot offered until all are taken; the one host is assigned', async () => {
  const sandbox = createSandbox({ now: manualClock(NOW) })
  const six = '2026-03-03T18:00:00-05:00'
  assert.deepEqual(await starts(sandbox, groupClass), [six, '2026-03-03T19:00:00-05:00'])
  for (let i = 0; i < 3; i++) {
    assert.ok((await starts(sandbox, groupClass)).includes(six), `seat ${i + 1} is offered`)
    const res = await create(sandbox, groupClass, await upsertContact(sandbox, `s${i}@x.test`), {
      startTime: six,
    })
    assert.equal(res.status, 200)
    assert.equal(res.body.assignedUserId, 'usr-cleo')
  }
  assert.ok(!(await starts(sandbox, groupClass)).includes(six))
  const fourth = await create(sandbox, groupClass, await upsertContact(sandbox, 's4@x.test'), {
    startTime: six,
  })
  assert.equal(fourth.status, 400)
  assert.match(fourth.body.message, /no longer available/)
})

test('collective: one appointment takes every member, so the time is gone for the calendar', async () => {
  const sandbox = createSandbox({ now: manualClock(NOW) })
  Object.assign(sandbox.state().calendars.get(team)!, { calendarType: 'collective' })
  const nine = '2026-03-03T09:00:00-05:00'
  const res = await create(sandbox, team, await upsertContact(sandbox), { assignedUserId: 'usr-ava' })
  assert.equal(res.status, 200)
  assert.ok(!(await starts(sandbox, team)).includes(nine))
  assert.deepEqual(sandbox.appointments()[0]?.users, ['usr-ava', 'usr-ben'])
})
