// The sandbox's users: `GET /users/{userId}` answers the location's users (the calendars' team members) with the
// spec's Version only, and a switch makes it refuse as GHL refuses a token without users.readonly.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createSandbox, SANDBOX } from '../demo/sandbox/index.ts'
import { callSandbox, manualClock } from '../demo/sandbox/testing.ts'
import { TEST_NOW } from './support/dates.ts'

const { ava, ben, cleo } = SANDBOX.users

test('every team member of a seeded calendar is a user of the location, with a name', async () => {
  const sandbox = createSandbox({ now: manualClock(TEST_NOW) })
  const members = new Set(
    [...sandbox.state().calendars.values()].flatMap((calendar) => calendar.teamMembers.map((m) => m.userId)),
  )
  assert.deepEqual([...members].sort(), [ava, ben, cleo])
  for (const [id, name] of [
    [ava, 'Ava Smith'],
    [ben, 'Ben Okafor'],
    [cleo, 'Cleo Martin'],
  ]) {
    const res = await callSandbox(sandbox, `/users/${id}`)
    assert.equal(res.status, 200, id)
    assert.equal(res.body.id, id)
    assert.equal(res.body.name, name)
    assert.deepEqual(res.body.roles.locationIds, [SANDBOX.locationId])
  }
  const unknown = await callSandbox(sandbox, '/users/usr-nobody')
  assert.equal(unknown.status, 400)
  assert.equal(unknown.body.message, 'User not found')
})

test('the users route wants Version 2021-07-28, as the other /users/ operations of the spec', async () => {
  const sandbox = createSandbox({ now: manualClock(TEST_NOW) })
  const path = `/users/${ava}`
  assert.equal((await callSandbox(sandbox, path, { headers: { version: '2021-07-28' } })).status, 200)
  for (const version of ['2021-04-15', '2023-02-21']) {
    const res = await callSandbox(sandbox, path, { headers: { version } })
    assert.equal(res.status, 400, version)
    assert.equal(res.body.message, 'version must be one of the following values: 2021-07-28')
  }
  const missing = await callSandbox(sandbox, path, { headers: { version: '' } })
  assert.equal(missing.status, 400)
  assert.equal(missing.body.message, 'version header is missing')
  assert.deepEqual(
    sandbox.requests().map((r) => [r.path, r.status, r.version ?? '']),
    [
      [path, 200, '2021-07-28'],
      [path, 400, '2021-04-15'],
      [path, 400, '2023-02-21'],
      [path, 400, ''],
    ],
  )
})

test('without users.readonly (setting or option) the users route is GHL’s 401; reset restores the option', async () => {
  const sandbox = createSandbox({ now: manualClock(TEST_NOW) })
  const read = () => callSandbox(sandbox, `/users/${ava}`)
  assert.equal((await read()).status, 200)

  const off = await sandbox.app.request('/_sandbox/settings', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ usersReadonly: false }),
  })
  assert.equal(off.status, 200)
  assert.equal((await off.json()).usersReadonly, false)
  const refused = await read()
  assert.equal(refused.status, 401)
  assert.deepEqual(
    { statusCode: refused.body.statusCode, message: refused.body.message, error: refused.body.error },
    { statusCode: 401, message: 'The token is not authorized for this scope.', error: 'Unauthorized' },
  )
  // Only users: the calendars answer as before.
  assert.equal((await callSandbox(sandbox, `/calendars/${SANDBOX.calendars.team}`)).status, 200)
  sandbox.reset()
  assert.equal((await read()).status, 200)

  const scopeless = createSandbox({ now: manualClock(TEST_NOW), usersReadonly: false })
  assert.equal((await callSandbox(scopeless, `/users/${ava}`)).status, 401)
  scopeless.reset()
  assert.equal((await callSandbox(scopeless, `/users/${ava}`)).status, 401, 'reset keeps the option')
})

test('calendars carry their members’ meeting locations: video, in person, phone, video', async () => {
  const sandbox = createSandbox({ now: manualClock(TEST_NOW) })
  const kinds: Record<string, string[][]> = {}
  for (const [name, id] of Object.entries(SANDBOX.calendars)) {
    const { body } = await callSandbox(sandbox, `/calendars/${id}`)
    kinds[name] = body.calendar.teamMembers.map((m: { locationConfigurations: { kind: string }[] }) =>
      m.locationConfigurations.map((l) => l.kind),
    )
  }
  assert.deepEqual(kinds, {
    consultation: [['google_conference']],
    session: [['physical']],
    team: [['inbound_call'], ['outbound_call']],
    groupClass: [['ms_teams_conference']],
  })
})
