/**
 * The header's who and where from GHL's calendar: the host or the team by calendar type, and the meeting place
 * by GHL's kinds, never a link, a phone number or a custom text.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { GhlCalendar, GhlTeamMember } from '../../ghl/types.ts'
import { attendees, MAX_TEAM_NAMES, toHeader } from './header.ts'
import { MAX_ADDRESS_LENGTH, meetingPlace } from './place.ts'

const calendar = (fields: Partial<GhlCalendar> = {}): GhlCalendar => ({
  id: 'cal-1',
  locationId: 'loc-1',
  name: 'Intro',
  ...fields,
})
const member = (userId: string, fields: Partial<GhlTeamMember> = {}): GhlTeamMember => ({ userId, ...fields })

describe('who the visitor meets', () => {
  it('a personal calendar: its member, by name', () => {
    const personal = calendar({ calendarType: 'personal', teamMembers: [member('u-1')] })
    assert.deepEqual(attendees(personal).userIds, ['u-1'])
    assert.deepEqual(toHeader(personal, ['Ava Smith']), { host: { name: 'Ava Smith' } })
    // Without the name (no users scope, GHL failing): no host at all.
    assert.deepEqual(toHeader(personal, undefined), {})
  })

  it('a class or a service with several members: the primary member, as bookings are assigned', () => {
    const groupClass = calendar({
      calendarType: 'class_booking',
      teamMembers: [member('u-1'), member('u-2', { isPrimary: true })],
    })
    assert.deepEqual(attendees(groupClass), { team: false, all: false, userIds: ['u-2'] })
    assert.deepEqual(attendees(calendar({ teamMembers: [member('u-3'), member('u-4')] })).userIds, ['u-3'])
  })

  it('a round robin: one of the team; a collective: all of it; names only for a small team', () => {
    const members = [member('u-1'), member('u-2')]
    const roundRobin = calendar({ calendarType: 'round_robin', teamMembers: members })
    assert.deepEqual(toHeader(roundRobin, ['Ava', 'Ben']), { team: { names: ['Ava', 'Ben'], all: false } })
    assert.deepEqual(toHeader(roundRobin, undefined), { team: { names: [], all: false } })
    const collective = calendar({ calendarType: 'collective', teamMembers: members })
    assert.deepEqual(toHeader(collective, ['Ava', 'Ben']), { team: { names: ['Ava', 'Ben'], all: true } })

    const many = Array.from({ length: MAX_TEAM_NAMES + 1 }, (_, i) => member(`u-${i}`))
    assert.deepEqual(attendees(calendar({ calendarType: 'round_robin', teamMembers: many })), {
      team: true,
      all: false,
      userIds: [],
    })
    // A round robin of one is that one person; a member listed twice counts once.
    const ofOne = calendar({ calendarType: 'round_robin', teamMembers: [member('u-1'), member('u-1')] })
    assert.deepEqual(attendees(ofOne), { team: false, all: false, userIds: ['u-1'] })
  })

  it('a calendar without members names nobody', () => {
    assert.deepEqual(attendees(calendar()).userIds, [])
    assert.deepEqual(toHeader(calendar(), undefined), {})
  })
})

describe('where the meeting happens', () => {
  const withMember = (fields: Partial<GhlTeamMember>, type = 'personal') =>
    calendar({ calendarType: type, teamMembers: [member('u-1', fields)] })

  it('video services by name, never their links', () => {
    for (const [kind, label] of [
      ['zoom_conference', 'Zoom'],
      ['google_conference', 'Google Meet'],
      ['ms_teams_conference', 'Microsoft Teams'],
    ] as const) {
      const place = meetingPlace(
        withMember({ locationConfigurations: [{ kind, location: 'https://meet.example/secret' }] }),
      )
      assert.deepEqual(place, { kind: 'video', label })
    }
  })

  it('phone calls either way, without the number', () => {
    for (const kind of ['inbound_call', 'outbound_call'] as const)
      assert.deepEqual(
        meetingPlace(withMember({ locationConfigurations: [{ kind, location: '+1 212 555' }] })),
        {
          kind: 'phone',
        },
      )
  })

  it('in person with the address on one line; a link, or an overlong text, is not shown', () => {
    const at = (location: string) =>
      meetingPlace(withMember({ locationConfigurations: [{ kind: 'physical', location }] }))
    assert.deepEqual(at(' 12 Harbor Street,\r\nSuite 4 '), {
      kind: 'in_person',
      label: '12 Harbor Street, Suite 4',
    })
    assert.deepEqual(at('https://maps.example/?q=12+Harbor'), { kind: 'in_person' })
    assert.deepEqual(at('www.example.com/office'), { kind: 'in_person' })
    assert.deepEqual(at('x'.repeat(MAX_ADDRESS_LENGTH + 1)), { kind: 'in_person' })
    assert.deepEqual(at(''), { kind: 'in_person' })
  })

  it('a custom text is "other", never the text; an empty custom, booker and no setting say nothing', () => {
    assert.deepEqual(
      meetingPlace(
        withMember({ locationConfigurations: [{ kind: 'custom', location: 'Zoom 812 3456, code 1234' }] }),
      ),
      { kind: 'other' },
    )
    assert.equal(
      meetingPlace(withMember({ locationConfigurations: [{ kind: 'custom', location: ' ' }] })),
      undefined,
    )
    assert.equal(meetingPlace(withMember({ locationConfigurations: [{ kind: 'booker' }] })), undefined)
    assert.equal(meetingPlace(withMember({})), undefined)
    assert.equal(meetingPlace(calendar()), undefined)
  })

  it('the first configuration that says something; the calendar’s own before its members’', () => {
    const place = meetingPlace(
      calendar({
        locationConfigurations: [{ kind: 'booker' }, { kind: 'physical', location: '1 Main St' }],
        teamMembers: [member('u-1', { locationConfigurations: [{ kind: 'zoom_conference' }] })],
      }),
    )
    assert.deepEqual(place, { kind: 'in_person', label: '1 Main St' })
  })

  it('the deprecated fields where the configurations are absent; GHL’s default `custom` with no text says nothing', () => {
    assert.deepEqual(
      meetingPlace(
        withMember({ meetingLocationType: 'gmeet', meetingLocation: 'https://meet.google.com/x' }),
      ),
      {
        kind: 'video',
        label: 'Google Meet',
      },
    )
    assert.deepEqual(
      meetingPlace(withMember({ meetingLocationType: 'address', meetingLocation: '1 Main St' })),
      {
        kind: 'in_person',
        label: '1 Main St',
      },
    )
    assert.deepEqual(meetingPlace(withMember({ meetingLocationType: 'phone', meetingLocation: '+1 555' })), {
      kind: 'phone',
    })
    assert.equal(meetingPlace(withMember({ meetingLocationType: 'custom' })), undefined)
    // Configurations win over the deprecated pair.
    assert.deepEqual(
      meetingPlace(
        withMember({ locationConfigurations: [{ kind: 'inbound_call' }], meetingLocationType: 'zoom' }),
      ),
      { kind: 'phone' },
    )
    // The calendar's own deprecated text has no kind: "other".
    assert.deepEqual(meetingPlace(calendar({ meetingLocation: 'Room 3' })), { kind: 'other' })
  })

  it('a round robin tells the kind its members agree on, the label only when it is the same', () => {
    const team = (...configs: Partial<GhlTeamMember>[]) =>
      calendar({ calendarType: 'round_robin', teamMembers: configs.map((c, i) => member(`u-${i}`, c)) })
    const physical = (location: string) => ({
      locationConfigurations: [{ kind: 'physical' as const, location }],
    })
    assert.deepEqual(meetingPlace(team(physical('1 Main St'), physical('1 Main St'))), {
      kind: 'in_person',
      label: '1 Main St',
    })
    assert.deepEqual(meetingPlace(team(physical('1 Main St'), physical('2 Side St'))), { kind: 'in_person' })
    assert.deepEqual(
      meetingPlace(
        team(
          { locationConfigurations: [{ kind: 'inbound_call' }] },
          { locationConfigurations: [{ kind: 'outbound_call' }] },
        ),
      ),
      { kind: 'phone' },
    )
    // Whoever is free takes it: members that differ, or one without a place, leave the place untold.
    assert.equal(
      meetingPlace(team(physical('1 Main St'), { locationConfigurations: [{ kind: 'zoom_conference' }] })),
      undefined,
    )
    assert.equal(meetingPlace(team(physical('1 Main St'), {})), undefined)
    // A collective meets where its primary member says.
    const collective = calendar({
      calendarType: 'collective',
      teamMembers: [
        member('u-1', physical('2 Side St')),
        member('u-2', { isPrimary: true, ...physical('1 Main St') }),
      ],
    })
    assert.deepEqual(meetingPlace(collective), { kind: 'in_person', label: '1 Main St' })
  })
})
