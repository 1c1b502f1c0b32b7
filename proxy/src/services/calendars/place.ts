/**
 * Where a calendar's meetings happen, as the widget's header says it before booking, from GHL's meeting locations.
 * Only the type is told, and for a place its address: a video link, a phone number or a custom text may be a
 * private meeting's key (a Zoom link with its passcode), which GHL sends the visitor once booked, so none of them
 * leaves the proxy. Kinds GHL may add later, and `booker` (the visitor chooses in GHL's own booking page, which the
 * widget does not offer), say nothing.
 */
import { oneLine, type CalendarInfo } from '../../../../contract/schemas.ts'
import type { GhlCalendar, GhlLocationConfig, GhlTeamMember } from '../../ghl/types.ts'

/** The header's meeting place. */
export type Place = NonNullable<CalendarInfo['location']>

/** Longest address shown; a longer one is more likely a note than an address, and is not shown. */
export const MAX_ADDRESS_LENGTH = 200

const VIDEO_SERVICES: Partial<Record<GhlLocationConfig['kind'], string>> = {
  zoom_conference: 'Zoom',
  google_conference: 'Google Meet',
  ms_teams_conference: 'Microsoft Teams',
}

/** A member's deprecated `meetingLocationType` as the kind that replaced it. */
const DEPRECATED_KINDS: Record<
  NonNullable<GhlTeamMember['meetingLocationType']>,
  GhlLocationConfig['kind']
> = {
  custom: 'custom',
  zoom: 'zoom_conference',
  gmeet: 'google_conference',
  teams: 'ms_teams_conference',
  phone: 'inbound_call',
  address: 'physical',
  booker: 'booker',
}

/** An address fit to show: one line, not a link, not too long; else undefined. */
function shownAddress(text: string | undefined): string | undefined {
  const address = oneLine(text ?? '')
    .replace(/\s+/g, ' ')
    .trim()
  if (!address || address.length > MAX_ADDRESS_LENGTH) return undefined
  // A link where an address belongs (a map or a meeting): the type is still told, the link is not.
  if (/:\/\/|\bwww\./i.test(address)) return undefined
  return address
}

/** What one configuration tells a visitor, or undefined when nothing. */
function placeOf({ kind, location }: GhlLocationConfig): Place | undefined {
  const video = VIDEO_SERVICES[kind]
  if (video) return { kind: 'video', label: video }
  if (kind === 'inbound_call' || kind === 'outbound_call') return { kind: 'phone' }
  if (kind === 'physical') {
    const label = shownAddress(location)
    return label ? { kind: 'in_person', label } : { kind: 'in_person' }
  }
  // GHL's default for a member with nothing set is `custom` with no location: only a custom text says something.
  if (kind === 'custom' && location?.trim()) return { kind: 'other' }
  return undefined
}

/** The first configuration that tells something. */
function firstPlace(configs: readonly GhlLocationConfig[] | undefined): Place | undefined {
  for (const config of configs ?? []) {
    const place = placeOf(config)
    if (place) return place
  }
  return undefined
}

/** A member's place: its configurations, else its deprecated fields. */
function memberPlace(member: GhlTeamMember): Place | undefined {
  if (member.locationConfigurations?.length) return firstPlace(member.locationConfigurations)
  const kind = member.meetingLocationType && DEPRECATED_KINDS[member.meetingLocationType]
  return kind ? placeOf({ kind, location: member.meetingLocation }) : undefined
}

/** The one place all of `places` agree on: their kind, and the label only when it is the same for all. */
function agreed(places: (Place | undefined)[]): Place | undefined {
  const [first, ...rest] = places
  if (!first || rest.some((place) => place?.kind !== first.kind)) return undefined
  return rest.every((place) => place!.label === first.label) ? first : { kind: first.kind }
}

/**
 * The calendar's meeting place: its own configurations (GHL's for event calendars); else its members': on a round
 * robin, whoever is free takes the meeting, so the members must agree; on other calendars, the primary member's
 * (the one a booking is for); else the calendar's deprecated `meetingLocation` (a text without a kind).
 */
export function meetingPlace(calendar: GhlCalendar): Place | undefined {
  const own = firstPlace(calendar.locationConfigurations)
  if (own) return own
  const members = calendar.teamMembers ?? []
  if (members.length > 0) {
    const place =
      calendar.calendarType === 'round_robin'
        ? agreed(members.map(memberPlace))
        : memberPlace(members.find((member) => member.isPrimary) ?? members[0]!)
    if (place) return place
  }
  return calendar.meetingLocation?.trim() ? { kind: 'other' } : undefined
}
