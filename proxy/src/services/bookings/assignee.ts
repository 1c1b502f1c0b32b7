/**
 * Who a booking is for on a calendar with a team. GHL's create call wants a team member named where a calendar has
 * several (highlevel-api-docs issue #23: "Either userId or assignedUserId must be set"), and a round robin's free
 * slots are the union of its members', so the proxy picks a member who is free at the chosen start:
 *
 * - round robin: the members by priority (GHL's 1, 0.5, 0; ties as listed), each asked for its own free slots at
 *   that start; the first one free. That is GHL's "optimize for availability"; "equal distribution" needs booking
 *   counts the proxy does not have, so it gets the same order.
 * - collective (everyone attends; its free slots are already the times all are free), class, personal, event,
 *   service: the primary member, else the first.
 */
import type { GhlCalendar, GhlClient } from '../../ghl/types.ts'
import type { Site } from '../../config/sites.ts'
import { sameInstant } from '../../time/offset.ts'

/**
 * The member to assign: a user id; undefined for a calendar without team members (GHL assigns); null when no
 * member of a round robin is free at `start` (the slot is taken). `zone` is the location's.
 */
export async function chooseAssignee(
  ghl: GhlClient,
  site: Site,
  calendar: GhlCalendar,
  start: string,
  zone: string,
): Promise<string | null | undefined> {
  const members = calendar.teamMembers ?? []
  if (members.length === 0) return undefined
  if (calendar.calendarType !== 'round_robin' || members.length === 1) {
    return (members.find((m) => m.isPrimary) ?? members[0]!).userId
  }
  const byPriority = members
    .map((member, index) => ({ member, index }))
    .sort((a, b) => (b.member.priority ?? 0.5) - (a.member.priority ?? 0.5) || a.index - b.index)
  const startMs = Date.parse(start)
  // One member at a time: the first is free in the common case, so most bookings cost one extra read.
  for (const { member } of byPriority) {
    const days = await ghl.getFreeSlots(site.locationId, {
      calendarId: calendar.id,
      startMs,
      endMs: startMs + 59_999,
      timeZone: zone,
      userId: member.userId,
    })
    if (Object.values(days).some((slots) => slots.some((slot) => sameInstant(slot, start))))
      return member.userId
  }
  return null
}

/**
 * Whether GHL may take a second booking at one start from the same contact: a round robin with several members
 * (another may be free) or more than one booking per slot (a class's seats). Such a calendar would not refuse a
 * retried or repeated booking as taken, so the proxy looks for the contact's own appointment first.
 */
export function holdsSeveralPerStart(calendar: GhlCalendar): boolean {
  const roundRobin = calendar.calendarType === 'round_robin' && (calendar.teamMembers?.length ?? 0) > 1
  return roundRobin || (calendar.appoinmentPerSlot ?? 1) > 1
}
