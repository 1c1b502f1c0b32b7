/** The records the sandbox keeps, shaped like GHL's own DTOs (field names as the specs spell them, typos included). */

/** A wall-clock opening window, as in GHL's `Hour`. */
export interface Hour {
  openHour: number
  openMinute: number
  closeHour: number
  closeMinute: number
}

/** Weekly hours (`daysOfTheWeek`: 0 = Sunday). */
export interface OpenHour {
  daysOfTheWeek: number[]
  hours: Hour[]
}

/** Hours for one date that replace the weekly hours; `date` is `<YYYY-MM-DD local>T00:00:00.000Z`. */
export interface Availability {
  date: string
  hours: Hour[]
  deleted?: boolean
}

/**
 * A meeting location (`LocationConfigurationResponse`): `location` is an address, a phone number or a link, by kind;
 * GHL makes the link itself for the conference kinds.
 */
export interface LocationConfiguration {
  kind:
    | 'custom'
    | 'zoom_conference'
    | 'google_conference'
    | 'inbound_call'
    | 'outbound_call'
    | 'physical'
    | 'booker'
    | 'ms_teams_conference'
  location?: string
  meetingId?: string
}

/** A calendar's team member (`TeamMemberResponse`). */
export interface TeamMember {
  userId: string
  /** GHL's `priority` is 0, 0.5 or 1 (the higher, the earlier a round robin picks the member). */
  priority: number
  isPrimary: boolean
  /** Where this member meets (GHL keeps locations per member on all but event calendars). */
  locationConfigurations?: LocationConfiguration[]
  /** Deprecated by GHL in favour of `locationConfigurations`, still sent. */
  meetingLocationType?: 'custom' | 'zoom' | 'gmeet' | 'phone' | 'address' | 'teams' | 'booker'
  meetingLocation?: string
}

/** A GHL calendar: the CalendarDTO fields the slot engine reads, plus descriptive ones. */
export interface SandboxCalendar {
  id: string
  locationId: string
  groupId: string
  name: string
  description: string
  slug: string
  widgetSlug: string
  /**
   * `round_robin`: each booking goes to one member, free slots are the union of the members'; `collective`: every
   * member attends, free slots are the times all are free; `class_booking`: `appoinmentPerSlot` seats per slot.
   */
  calendarType: 'round_robin' | 'event' | 'class_booking' | 'collective' | 'service_booking' | 'personal'
  /** Round-robin distribution; GHL's default is `RoundRobin_OptimizeForAvailability`. */
  eventType?: 'RoundRobin_OptimizeForAvailability' | 'RoundRobin_OptimizeForEqualDistribution'
  widgetType: 'default' | 'classic'
  eventTitle: string
  eventColor: string
  isActive: boolean
  teamMembers: TeamMember[]
  /** The calendar's own meeting locations (the spec: "for event calendar"). */
  locationConfigurations?: LocationConfiguration[]
  slotDuration: number
  slotDurationUnit: 'mins' | 'hours'
  slotInterval: number
  slotIntervalUnit: 'mins' | 'hours'
  slotBuffer: number
  slotBufferUnit: 'mins' | 'hours'
  preBuffer: number
  preBufferUnit: 'mins' | 'hours'
  appoinmentPerSlot: number
  appoinmentPerDay?: number
  allowBookingAfter: number
  allowBookingAfterUnit: 'hours' | 'days' | 'weeks' | 'months'
  allowBookingFor: number
  allowBookingForUnit: 'days' | 'weeks' | 'months'
  openHours: OpenHour[]
  availabilities: Availability[]
  /** 1: custom dates only; 0: weekly hours only; absent (GHL: null): both, a custom date replacing that day's weekly hours. */
  availabilityType?: 0 | 1
  autoConfirm: boolean
  allowReschedule: boolean
  allowCancellation: boolean
  formSubmitType: 'RedirectURL' | 'ThankYouMessage'
  formSubmitThanksMessage: string
  consentLabel?: string
}

/** A GHL location (sub-account): only what the proxy reads. */
export interface SandboxLocation {
  id: string
  companyId: string
  name: string
  timezone: string
  email: string
  phone: string
  country: string
}

/** A user of the location (`UserSuccessfulResponseDto` subset): team members are users. */
export interface SandboxUser {
  id: string
  name: string
  firstName: string
  lastName: string
  email: string
  phone: string
  roles: { type: 'account'; role: 'admin' | 'user'; locationIds: string[] }
}

/** A contact as GHL returns it (GetContectByIdSchema subset). */
export interface SandboxContact {
  id: string
  locationId: string
  name: string
  firstName: string
  lastName: string
  email?: string
  emailLowerCase?: string
  phone?: string
  timezone?: string
  source?: string
  companyName?: string
  tags: string[]
  customFields: { id: string; value: string }[]
  dateAdded: string
  dateUpdated: string
}

/** GHL's appointment statuses; `cancelled` ones free their slot. */
export type AppointmentStatus = 'new' | 'confirmed' | 'cancelled' | 'showed' | 'noshow' | 'invalid'

/** A booked appointment. Times are kept as instants and written in the location's zone. */
export interface SandboxAppointment {
  id: string
  locationId: string
  calendarId: string
  contactId: string
  groupId: string
  title: string
  appointmentStatus: AppointmentStatus
  assignedUserId: string
  /** Everyone whose time it takes: all members on a collective calendar; default `[assignedUserId]`. */
  users?: string[]
  address?: string
  description?: string
  notes?: string
  /** Who made it: `public_api` through the API, `sandbox` through `/_sandbox/appointments` ("inside GHL"). */
  source: string
  startMs: number
  endMs: number
  addedMs: number
  updatedMs: number
}

/** Everything the sandbox mutates; `reset()` replaces it with a fresh seed. */
export interface SandboxState {
  location: SandboxLocation
  calendars: Map<string, SandboxCalendar>
  users: Map<string, SandboxUser>
  contacts: Map<string, SandboxContact>
  appointments: Map<string, SandboxAppointment>
}
