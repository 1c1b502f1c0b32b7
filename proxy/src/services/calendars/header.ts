/**
 * The header of what is being booked, beyond the name and length: who the visitor meets (the host, or the team
 * and whether all of it attends) and where (place.ts). Names come from GHL's users (user-names.ts); a location
 * whose token may not read them gets a header without names, never an error.
 */
import type { CalendarInfo } from '../../../../contract/schemas.ts'
import type { GhlCalendar } from '../../ghl/types.ts'
import { meetingPlace } from './place.ts'
import type { UserNames } from './user-names.ts'

/** The header's fields of CalendarInfo. */
export type Header = Pick<CalendarInfo, 'host' | 'team' | 'location'>

/** Most team members named; a larger team is "our team" (and costs no users calls). */
export const MAX_TEAM_NAMES = 3

/**
 * Who the visitor meets: on a round robin one member, whoever is free; on a collective all of them (GHL's free
 * slots are the times all are free); on any other calendar (or a team of one) the member a booking is for, the
 * primary or else the first (as bookings/assignee.ts assigns).
 */
export function attendees(calendar: GhlCalendar): { team: boolean; all: boolean; userIds: string[] } {
  const ids = [...new Set((calendar.teamMembers ?? []).map((member) => member.userId))]
  const type = calendar.calendarType
  if (ids.length > 1 && (type === 'round_robin' || type === 'collective')) {
    return { team: true, all: type === 'collective', userIds: ids.length <= MAX_TEAM_NAMES ? ids : [] }
  }
  const members = calendar.teamMembers ?? []
  const host = members.find((member) => member.isPrimary) ?? members[0]
  return { team: false, all: false, userIds: host ? [host.userId] : [] }
}

/** The header from a calendar and the names of its attendees (undefined when unknown). */
export function toHeader(calendar: GhlCalendar, names: string[] | undefined): Header {
  const { team, all } = attendees(calendar)
  const location = meetingPlace(calendar)
  return {
    ...(team ? { team: { names: names ?? [], all } } : names?.[0] && { host: { name: names[0] } }),
    ...(location && { location }),
  }
}

/** The header of a calendar of the location, asking for its attendees' names. Never rejects. */
export async function headerOf(names: UserNames, locationId: string, calendar: GhlCalendar): Promise<Header> {
  const { userIds } = attendees(calendar)
  return toHeader(calendar, await names.namesOf(locationId, userIds))
}
