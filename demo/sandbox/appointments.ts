/**
 * Booking rules shared by the API routes and the control routes: a new or moved appointment must start exactly
 * on a slot the free-slots route would offer (compared as instants), unless the caller skips validation the way
 * GHL's `ignoreFreeSlotValidation` (or a booking made "inside GHL") does. JavaScript runs one handler at a time
 * between awaits and nothing here awaits, so two requests for one slot are serialised: the second one fails.
 */
import { GhlHttpError, SLOT_UNAVAILABLE } from './ghl-error.ts'
import type { AppointmentStatus, SandboxAppointment, SandboxCalendar } from './model.ts'
import type { SandboxServices } from './sandbox-env.ts'
import { freeSlotStarts, slotLength } from './slots.ts'

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/

/** Parses an ISO 8601 time with an offset or `Z`; anything else is GHL's 400. */
export function parseInstant(value: string, field: string): number {
  const ms = ISO_WITH_ZONE.test(value) ? Date.parse(value) : NaN
  if (Number.isNaN(ms)) throw new GhlHttpError(400, `${field} must be a valid ISO 8601 date string`)
  return ms
}

/** The calendar, or GHL's 400 when it is not in the token's location. */
export function findCalendar(
  services: SandboxServices,
  calendarId: string,
  locationId: string,
): SandboxCalendar {
  const calendar = services.state().calendars.get(calendarId)
  if (!calendar || calendar.locationId !== locationId) throw new GhlHttpError(400, 'Calendar not found')
  return calendar
}

/** True when `startMs` is one of the calendar's free slots, ignoring the appointment being moved. */
export function isFreeSlot(
  services: SandboxServices,
  calendar: SandboxCalendar,
  startMs: number,
  options: { ignoreDateRange?: boolean; exceptId?: string; userIds?: readonly string[] } = {},
): boolean {
  const state = services.state()
  const appointments = [...state.appointments.values()].filter((a) => a.id !== options.exceptId)
  const starts = freeSlotStarts(calendar, startMs, startMs, {
    appointments,
    locationTimeZone: state.location.timezone,
    now: services.now(),
    ignoreDateRange: options.ignoreDateRange,
    userIds: options.userIds,
  })
  return starts.includes(startMs)
}

/** What a new appointment needs. */
export interface NewAppointment {
  calendar: SandboxCalendar
  contactId: string
  /** A member of the calendar's team; required when it has several (GHL: "Either userId or assignedUserId"). */
  assignedUserId?: string
  startMs: number
  endMs?: number
  title?: string
  appointmentStatus?: AppointmentStatus
  address?: string
  description?: string
  notes?: string
  source: string
  /** Check the slot grid (and, unless `ignoreDateRange`, the booking window). */
  validate: boolean
  ignoreDateRange?: boolean
}

/** Creates an appointment, or throws GHL's 400 when the slot is not free. Sends AppointmentCreate. */
export function createAppointment(services: SandboxServices, input: NewAppointment): SandboxAppointment {
  const { calendar } = input
  const state = services.state()
  const contact = state.contacts.get(input.contactId)
  if (!contact || contact.locationId !== calendar.locationId) throw new GhlHttpError(400, 'Contact not found')
  const assignedUserId = assignee(calendar, input.assignedUserId)
  // A round robin's appointment takes its member's time: the slot must be free for that member.
  const userIds = calendar.calendarType === 'round_robin' ? [assignedUserId] : undefined
  if (input.validate && !isFreeSlot(services, calendar, input.startMs, { ...input, userIds })) {
    throw new GhlHttpError(400, SLOT_UNAVAILABLE)
  }
  const endMs = input.endMs ?? input.startMs + slotLength(calendar)
  if (endMs <= input.startMs) throw new GhlHttpError(400, 'endTime must be after startTime')
  const now = services.now()
  const appointment: SandboxAppointment = {
    id: services.newId('apt'),
    locationId: calendar.locationId,
    calendarId: calendar.id,
    contactId: contact.id,
    groupId: calendar.groupId,
    title: input.title ?? calendar.eventTitle.replaceAll('{{contact.name}}', contact.name),
    appointmentStatus: input.appointmentStatus ?? (calendar.autoConfirm ? 'confirmed' : 'new'),
    assignedUserId,
    ...(calendar.calendarType === 'collective' && { users: calendar.teamMembers.map((m) => m.userId) }),
    address: input.address,
    description: input.description,
    notes: input.notes,
    source: input.source,
    startMs: input.startMs,
    endMs,
    addedMs: now,
    updatedMs: now,
  }
  state.appointments.set(appointment.id, appointment)
  services.notify('AppointmentCreate', appointment)
  return appointment
}

/**
 * The user an appointment is assigned to: the one asked for, which must be on the calendar's team, or the only
 * member. A calendar with several members needs one named, as GHL answered in highlevel-api-docs issue #23.
 */
function assignee(calendar: SandboxCalendar, asked: string | undefined): string {
  const members = calendar.teamMembers.map((m) => m.userId)
  if (asked !== undefined) {
    if (!members.includes(asked))
      throw new GhlHttpError(400, 'The assigned user is not a team member of this calendar')
    return asked
  }
  if (members.length > 1) throw new GhlHttpError(400, 'Either userId or assignedUserId must be set')
  return members[0] ?? 'usr-unassigned'
}

/** A change to an appointment (`PUT /calendars/events/appointments/{id}`). */
export interface AppointmentChange {
  startMs?: number
  endMs?: number
  title?: string
  appointmentStatus?: AppointmentStatus
  address?: string
  description?: string
  validate: boolean
  ignoreDateRange?: boolean
}

/**
 * Updates an appointment. A change that makes it take a time it did not hold must find that time free, as a create
 * does (unless `validate` is false): a new start, or reopening a cancelled appointment (a status other than
 * `cancelled`), which takes its slot again. The same start again checks nothing (the appointment holds it), so a
 * repeated PUT lands where the first did; a cancelled appointment that stays cancelled takes no time, so it may be
 * moved or edited freely. Sends AppointmentUpdate.
 */
export function updateAppointment(
  services: SandboxServices,
  appointment: SandboxAppointment,
  change: AppointmentChange,
): SandboxAppointment {
  const calendar = services.state().calendars.get(appointment.calendarId)!
  const moving = change.startMs !== undefined && change.startMs !== appointment.startMs
  const status = change.appointmentStatus ?? appointment.appointmentStatus
  const reopening = appointment.appointmentStatus === 'cancelled' && status !== 'cancelled'
  if (change.validate && status !== 'cancelled' && (moving || reopening)) {
    const options = {
      ignoreDateRange: change.ignoreDateRange,
      exceptId: appointment.id,
      userIds: calendar.calendarType === 'round_robin' ? [appointment.assignedUserId] : undefined,
    }
    if (!isFreeSlot(services, calendar, change.startMs ?? appointment.startMs, options))
      throw new GhlHttpError(400, SLOT_UNAVAILABLE)
  }
  const startMs = change.startMs ?? appointment.startMs
  const endMs =
    change.endMs ??
    (change.startMs !== undefined ? startMs + (appointment.endMs - appointment.startMs) : appointment.endMs)
  if (endMs <= startMs) throw new GhlHttpError(400, 'endTime must be after startTime')
  Object.assign(appointment, {
    startMs,
    endMs,
    ...(change.title !== undefined && { title: change.title }),
    ...(change.appointmentStatus !== undefined && { appointmentStatus: change.appointmentStatus }),
    ...(change.address !== undefined && { address: change.address }),
    ...(change.description !== undefined && { description: change.description }),
    updatedMs: services.now(),
  })
  services.notify('AppointmentUpdate', appointment)
  return appointment
}

/** Deletes an appointment; false when there is none. Sends AppointmentDelete. */
export function deleteAppointment(services: SandboxServices, id: string): boolean {
  const appointments = services.state().appointments
  const appointment = appointments.get(id)
  if (!appointment) return false
  appointments.delete(id)
  services.notify('AppointmentDelete', appointment)
  return true
}
