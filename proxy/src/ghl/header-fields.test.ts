/**
 * What the widget's header reads from GHL: a calendar's meeting locations (its own and its members', and the
 * deprecated fields) read leniently, so a malformed list never makes a calendar unreadable; and `GET /users/{id}`,
 * of which only the name is kept.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createFakeGhl, FAKE } from '../../../test/support/fake-ghl.ts'
import { createGhlClient } from './client.ts'
import { createThrottle } from './throttle.ts'
import { GhlError } from './types.ts'

function setup() {
  const clock = () => FAKE.now
  const sleep = async () => {}
  const ghl = createFakeGhl({ clock })
  const client = createGhlClient({
    baseUrl: FAKE.baseUrl,
    tokenFor: () => FAKE.token,
    fetch: ghl.fetch,
    clock,
    sleep,
    throttle: createThrottle({ clock, sleep }),
  })
  return { ghl, client }
}

/** A calendar answer with `fields` over the required ones. */
const calendarWith = (fields: Record<string, unknown>) =>
  Response.json({ calendar: { id: FAKE.calendarId, locationId: FAKE.locationId, name: 'Intro', ...fields } })

test('meeting locations of the calendar and its members are read, with the deprecated fields', async () => {
  const { ghl, client } = setup()
  ghl.respond(() =>
    calendarWith({
      locationConfigurations: [{ kind: 'physical', location: '1 Main St', meetingId: 'm-1' }],
      meetingLocation: 'Old field',
      teamMembers: [
        {
          userId: 'u-1',
          priority: 1,
          isPrimary: true,
          locationConfigurations: [{ kind: 'zoom_conference' }],
          meetingLocationType: 'zoom',
          meetingLocation: 'https://zoom.us/j/1',
        },
      ],
    }),
  )
  const calendar = await client.getCalendar(FAKE.locationId, FAKE.calendarId)
  assert.deepEqual(calendar.locationConfigurations, [{ kind: 'physical', location: '1 Main St' }])
  assert.equal(calendar.meetingLocation, 'Old field')
  assert.deepEqual(calendar.teamMembers, [
    {
      userId: 'u-1',
      priority: 1,
      isPrimary: true,
      locationConfigurations: [{ kind: 'zoom_conference' }],
      meetingLocationType: 'zoom',
      meetingLocation: 'https://zoom.us/j/1',
    },
  ])
})

test('a malformed location list, entry or kind is dropped; the calendar and its members stay readable', async () => {
  const { ghl, client } = setup()
  for (const [malformed, expected] of [
    ['not a list', []],
    [{ kind: 'physical' }, []],
    [null, []],
    [
      [
        { kind: 'hologram', location: 'x' },
        { location: 'no kind' },
        'text',
        null,
        { kind: 'physical', location: 42 },
        { kind: 'inbound_call', location: '+1 555' },
      ],
      [
        { kind: 'physical', location: undefined },
        { kind: 'inbound_call', location: '+1 555' },
      ],
    ],
  ] as const) {
    ghl.respond(() =>
      calendarWith({
        locationConfigurations: malformed,
        meetingLocation: { not: 'text' },
        teamMembers: [{ userId: 'u-1', locationConfigurations: malformed, meetingLocationType: 'teleport' }],
      }),
    )
    const calendar = await client.getCalendar(FAKE.locationId, FAKE.calendarId)
    assert.equal(calendar.name, 'Intro', JSON.stringify(malformed))
    assert.deepEqual(calendar.locationConfigurations, expected)
    assert.equal(calendar.meetingLocation, undefined)
    assert.deepEqual(calendar.teamMembers![0]!.locationConfigurations, expected)
    assert.equal(calendar.teamMembers![0]!.meetingLocationType, undefined)
  }
})

test('getUser keeps the name only, asks with Version 2021-07-28, and reads a wrapped answer too', async () => {
  const { ghl, client } = setup()
  ghl.respond(() =>
    Response.json({
      id: 'u-1',
      name: ' Ava Smith ',
      firstName: 'Ava',
      lastName: 'Smith',
      email: 'ava@example.com',
      phone: '+1 212 555 0100',
      permissions: { campaignsEnabled: true },
    }),
  )
  assert.deepEqual(await client.getUser(FAKE.locationId, 'u-1'), { name: 'Ava Smith' })
  assert.equal(ghl.calls[0]!.path, '/users/u-1')
  assert.equal(ghl.calls[0]!.headers.get('version'), '2021-07-28')

  ghl.respond(() => Response.json({ user: { firstName: 'Ben', lastName: 'Okafor', name: null } }))
  assert.deepEqual(await client.getUser(FAKE.locationId, 'u-2'), { name: 'Ben Okafor' })
  ghl.respond(() => Response.json({ id: 'u-3' }))
  assert.deepEqual(await client.getUser(FAKE.locationId, 'u-3'), { name: '' })
})

test('getUser: a 401 is rejected at once, a 5xx is not retried', async () => {
  const { ghl, client } = setup()
  ghl.respond(() =>
    Response.json(
      { statusCode: 401, message: 'The token is not authorized for this scope.' },
      { status: 401 },
    ),
  )
  const refused = await client.getUser(FAKE.locationId, 'u-1').catch((e: unknown) => e)
  assert.ok(refused instanceof GhlError)
  assert.equal(refused.kind, 'rejected')
  assert.equal(refused.status, 401)

  ghl.respond(() => Response.json({ statusCode: 503, message: 'busy' }, { status: 503 }))
  const before = ghl.calls.length
  const failed = await client.getUser(FAKE.locationId, 'u-1').catch((e: unknown) => e)
  assert.ok(failed instanceof GhlError)
  assert.equal(failed.kind, 'unavailable')
  assert.equal(ghl.calls.length - before, 1)
})
