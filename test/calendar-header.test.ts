// The calendar route's header from a GHL sandbox: who the visitor meets (a host, or a team and whether all of it
// attends) and where (the kind of place, a place's address, never a link or a number); names from GHL's users,
// asked once; a token without users.readonly, a failing users call or malformed locations never fail the route.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SANDBOX } from '../demo/sandbox/index.ts'
import { proxyOnSandbox } from './support/proxy-on-sandbox.ts'
import { TEST_NOW } from './support/dates.ts'

const { consultation, session, team, groupClass } = SANDBOX.calendars
const userCalls = (sandbox: { requests(): { path: string }[] }) =>
  sandbox.requests().filter((r) => r.path.startsWith('/users/'))

test('each seeded calendar names its host or team and its place', async () => {
  const { calendar } = proxyOnSandbox({ now: TEST_NOW })
  const header = async (id: string) => {
    const { status, body } = await calendar(id)
    assert.equal(status, 200, JSON.stringify(body))
    return { host: body.host, team: body.team, location: body.location }
  }
  assert.deepEqual(await header(consultation), {
    host: { name: 'Ava Smith' },
    team: undefined,
    location: { kind: 'video', label: 'Google Meet' },
  })
  assert.deepEqual(await header(session), {
    host: { name: 'Ben Okafor' },
    team: undefined,
    location: { kind: 'in_person', label: '12 Harbor Street, Suite 4, New York, NY 10001' },
  })
  // A round robin: one of them, whoever is free; both take calls (one is called, one calls).
  assert.deepEqual(await header(team), {
    host: undefined,
    team: { names: ['Ava Smith', 'Ben Okafor'], all: false },
    location: { kind: 'phone' },
  })
  assert.deepEqual(await header(groupClass), {
    host: { name: 'Cleo Martin' },
    team: undefined,
    location: { kind: 'video', label: 'Microsoft Teams' },
  })
})

test('no link, meeting id, phone number, e-mail or user id of GHL reaches the answer', async () => {
  const { calendar } = proxyOnSandbox({ now: TEST_NOW })
  for (const id of [consultation, session, team, groupClass]) {
    const text = JSON.stringify((await calendar(id)).body)
    for (const secret of ['meet.google.com', 'gmeet_', 'teams_', '+1212', '555', '@sandbox.example', 'usr-'])
      assert.ok(!text.includes(secret), `${id} answered ${secret}: ${text}`)
  }
})

test('names are asked once per member, with users’ Version, and served from memory after', async () => {
  const { sandbox, calendar } = proxyOnSandbox({ now: TEST_NOW })
  for (const id of [consultation, team, consultation, team, session])
    assert.equal((await calendar(id)).status, 200)
  const calls = userCalls(sandbox)
  assert.deepEqual(calls.map((r) => r.path).sort(), [
    `/users/${SANDBOX.users.ava}`,
    `/users/${SANDBOX.users.ben}`,
  ])
  assert.ok(
    sandbox
      .requests()
      .filter((r) => r.path.startsWith('/users/'))
      .every((r) => r.status === 200),
  )
})

test('a collective names everyone, who all attend', async () => {
  const { sandbox, calendar } = proxyOnSandbox({ now: TEST_NOW })
  sandbox.state().calendars.get(team)!.calendarType = 'collective'
  const { body } = await calendar(team)
  assert.deepEqual(body.team, { names: ['Ava Smith', 'Ben Okafor'], all: true })
  // Its place is the primary member's: Ava takes calls on her number.
  assert.deepEqual(body.location, { kind: 'phone' })
})

test('a token without users.readonly: the calendar still answers, without names, said once in the log', async () => {
  const { sandbox, calendar, lines } = proxyOnSandbox({ now: TEST_NOW, sandbox: { usersReadonly: false } })
  const first = await calendar(consultation)
  assert.equal(first.status, 200)
  assert.equal(first.body.name, 'Free consultation')
  assert.equal(first.body.host, undefined)
  assert.deepEqual(first.body.location, { kind: 'video', label: 'Google Meet' })
  const teamAnswer = await calendar(team)
  assert.equal(teamAnswer.status, 200)
  assert.deepEqual(teamAnswer.body.team, { names: [], all: false })
  assert.equal((await calendar(session)).body.host, undefined)

  // One refused users call; the location is not asked again for anyone.
  const calls = userCalls(sandbox)
  assert.equal(calls.length, 1)
  assert.equal((calls[0] as unknown as { status: number }).status, 401)
  const refused = lines.filter((line) => line.msg === 'calendar.user_names_refused')
  assert.equal(refused.length, 1)
  assert.equal(refused[0]!.status, 401)
  assert.ok(!JSON.stringify(lines).includes(SANDBOX.token), 'the token is never logged')
})

test('a failing users call leaves the name out, and is asked again later', async () => {
  let failing = true
  const { sandbox, calendar, clock } = proxyOnSandbox({
    now: TEST_NOW,
    intercept: (request) =>
      failing && new URL(request.url).pathname.startsWith('/users/')
        ? Promise.resolve(Response.json({ statusCode: 503, message: 'busy' }, { status: 503 }))
        : undefined,
  })
  const down = await calendar(consultation)
  assert.equal(down.status, 200)
  assert.equal(down.body.host, undefined)
  failing = false
  clock.advance(61_000)
  await calendar(consultation)
  await new Promise((resolve) => setImmediate(resolve))
  assert.deepEqual((await calendar(consultation)).body.host, { name: 'Ava Smith' })
  assert.equal(userCalls(sandbox).length, 1, 'the failed call never reached the sandbox; the retry did')
})

test('malformed meeting locations are ignored: the calendar and its host still answer', async () => {
  const { sandbox, calendar } = proxyOnSandbox({ now: TEST_NOW })
  const members = sandbox.state().calendars.get(consultation)!.teamMembers as unknown as Record<
    string,
    unknown
  >[]
  members[0]!.locationConfigurations = [{ kind: 'hologram', location: 'Mars' }, { location: 7 }, 'text', null]
  members[0]!.meetingLocationType = 'teleport'
  const junk = await calendar(consultation)
  assert.equal(junk.status, 200, JSON.stringify(junk.body))
  assert.deepEqual(junk.body.host, { name: 'Ava Smith' })
  assert.equal(junk.body.location, undefined)

  const other = sandbox.state().calendars.get(session)!.teamMembers as unknown as Record<string, unknown>[]
  other[0]!.locationConfigurations = { kind: 'physical', location: 'not a list' }
  const notAList = await calendar(session)
  assert.equal(notAList.status, 200)
  assert.equal(notAList.body.location, undefined)
  assert.equal(notAList.body.durationMinutes, 60)
})
