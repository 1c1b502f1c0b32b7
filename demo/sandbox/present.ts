/**
 * How sandbox records go on the wire, one function per GHL DTO. Times are written in the location's zone with
 * its offset (`2026-03-09T09:00:00-04:00`), the form GHL uses for appointments.
 */
import type { SandboxAppointment, SandboxCalendar, SandboxLocation, SandboxUser } from './model.ts'
import { formatWall, formatZoned } from './zoned-time.ts'

/** `AppointmentSchemaResponse`: the flat body of create and update (no dateAdded/dateUpdated, as GHL sends). */
export function appointmentResponse(a: SandboxAppointment, timeZone: string) {
  return {
    id: a.id,
    calendarId: a.calendarId,
    locationId: a.locationId,
    contactId: a.contactId,
    startTime: formatZoned(a.startMs, timeZone),
    endTime: formatZoned(a.endMs, timeZone),
    title: a.title,
    meetingLocationType: 'default',
    appointmentStatus: a.appointmentStatus,
    assignedUserId: a.assignedUserId,
    ...(a.address !== undefined && { address: a.address }),
    isRecurring: false,
  }
}

/** `CalendarEventDTO`: the `event` of `GET /calendars/events/appointments/{eventId}`. */
export function eventResponse(a: SandboxAppointment, timeZone: string) {
  return {
    id: a.id,
    title: a.title,
    calendarId: a.calendarId,
    locationId: a.locationId,
    contactId: a.contactId,
    groupId: a.groupId,
    appointmentStatus: a.appointmentStatus,
    assignedUserId: a.assignedUserId,
    users: a.users ?? [a.assignedUserId],
    ...(a.address !== undefined && { address: a.address }),
    ...(a.notes !== undefined && { notes: a.notes }),
    ...(a.description !== undefined && { description: a.description }),
    isRecurring: false,
    startTime: formatZoned(a.startMs, timeZone),
    endTime: formatZoned(a.endMs, timeZone),
    dateAdded: new Date(a.addedMs).toISOString(),
    dateUpdated: new Date(a.updatedMs).toISOString(),
    createdBy: { source: a.source },
  }
}

/**
 * `GetEventSchema`: one of `GET /contacts/{contactId}/appointments`. The spec's example writes times as
 * `2021-07-16 11:00:00`: with `format` `spec` the sandbox does so too (a wall time of the location's zone), with
 * `iso` it writes the same ISO-with-offset strings as everywhere else.
 */
export function contactEventResponse(
  a: SandboxAppointment,
  timeZone: string,
  format: 'iso' | 'spec' = 'iso',
) {
  const time = (ms: number) => (format === 'spec' ? formatWall(ms, timeZone) : formatZoned(ms, timeZone))
  return {
    id: a.id,
    calendarId: a.calendarId,
    locationId: a.locationId,
    contactId: a.contactId,
    groupId: a.groupId,
    status: a.appointmentStatus === 'cancelled' ? 'cancelled' : 'booked',
    appointmentStatus: a.appointmentStatus,
    title: a.title,
    assignedUserId: a.assignedUserId,
    users: a.users ?? [a.assignedUserId],
    ...(a.notes !== undefined && { notes: a.notes }),
    ...(a.address !== undefined && { address: a.address }),
    startTime: time(a.startMs),
    endTime: time(a.endMs),
    dateAdded: format === 'spec' ? time(a.addedMs) : new Date(a.addedMs).toISOString(),
    dateUpdated: format === 'spec' ? time(a.updatedMs) : new Date(a.updatedMs).toISOString(),
  }
}

/** The `appointment` of an Appointment* webhook (docs/webhook events). */
export function webhookAppointment(a: SandboxAppointment, timeZone: string) {
  return {
    id: a.id,
    ...(a.address !== undefined && { address: a.address }),
    title: a.title,
    calendarId: a.calendarId,
    contactId: a.contactId,
    groupId: a.groupId,
    appointmentStatus: a.appointmentStatus,
    assignedUserId: a.assignedUserId,
    users: a.users ?? [a.assignedUserId],
    ...(a.notes !== undefined && { notes: a.notes }),
    source: a.source,
    startTime: formatZoned(a.startMs, timeZone),
    endTime: formatZoned(a.endMs, timeZone),
    dateAdded: formatZoned(a.addedMs, timeZone),
    dateUpdated: formatZoned(a.updatedMs, timeZone),
  }
}

/** `CalendarDTO`: the calendar as stored (it already has GHL's field names), copied whole, whatever a test put in. */
export function calendarResponse(calendar: SandboxCalendar): SandboxCalendar {
  return structuredClone(calendar)
}

/** `UserSuccessfulResponseDto`: flat, as the spec has it. */
export function userResponse(user: SandboxUser) {
  return { ...user, extension: '', roles: { ...user.roles, locationIds: [...user.roles.locationIds] } }
}

/** `GetLocationByIdSchema` subset. */
export function locationResponse(location: SandboxLocation) {
  return { ...location }
}
