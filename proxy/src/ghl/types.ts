/** What the proxy needs from GHL API v2, as one interface: the real client and test fakes implement it. */
import type { GhlLocationConfig, GHL_MEETING_LOCATION_TYPES } from './schemas.ts'

export type { GhlLocationConfig } from './schemas.ts'

/** A calendar's team member (GHL's TeamMemberResponse, the fields the proxy reads). */
export interface GhlTeamMember {
  userId: string
  /** 0, 0.5 (default) or 1. */
  priority?: number | null
  /** A collective calendar's owner. */
  isPrimary?: boolean | null
  /** The member's meeting locations; empty when GHL sends none or nothing readable. */
  locationConfigurations?: GhlLocationConfig[]
  /** Deprecated by GHL (`locationConfigurations` replaces them); read only where those are absent. */
  meetingLocationType?: (typeof GHL_MEETING_LOCATION_TYPES)[number]
  meetingLocation?: string
}

/** The calendar settings the proxy uses (a subset of GHL's CalendarDTO). */
export interface GhlCalendar {
  id: string
  locationId: string
  name: string
  description?: string
  slotDuration?: number
  slotDurationUnit?: 'mins' | 'hours'
  allowBookingAfter?: number
  allowBookingAfterUnit?: 'hours' | 'days' | 'weeks' | 'months'
  allowBookingFor?: number
  allowBookingForUnit?: 'days' | 'weeks' | 'months'
  /** `round_robin`, `collective`, `class_booking`, `event`, `service_booking`, `personal`, or one added later. */
  calendarType?: string
  teamMembers?: GhlTeamMember[]
  /** The calendar's own meeting locations (GHL: "for event calendar"); other types set them per member. */
  locationConfigurations?: GhlLocationConfig[]
  /** Deprecated by GHL: a location without a kind. */
  meetingLocation?: string
  /** Bookings per slot and member (GHL's spelling); a class calendar's seats. Default 1. */
  appoinmentPerSlot?: number
  eventTitle?: string
  consentLabel?: string
  isActive?: boolean
  /** Whether invitees may move their appointment themselves (GHL's default true). */
  allowReschedule?: boolean
  /** Whether invitees may cancel their appointment themselves (GHL's default true). */
  allowCancellation?: boolean
}

/** Free slots keyed by local date `YYYY-MM-DD`, each start exactly as GHL sent it. */
export type GhlFreeSlots = Record<string, string[]>

/** An appointment as GHL returns it (flat on create, `event` on GET). */
export interface GhlAppointment {
  id: string
  calendarId: string
  locationId: string
  contactId: string
  startTime?: string
  endTime?: string
  title?: string
  appointmentStatus?: string
}

/** An appointment as `GET /calendars/events/appointments/{eventId}` returns it (CalendarEventDTO, in part). */
export interface GhlEvent extends GhlAppointment {
  /** The appointment's free text: the only text field the edit schema takes (`notes` is read-only there). */
  description?: string
  assignedUserId?: string
}

/**
 * `AppointmentEditSchema`, the fields the proxy changes: a new start (and end) exactly as the free slots wrote it,
 * the status, the description. Every field is optional; absent ones are left as they are.
 */
export interface UpdateAppointmentInput {
  startTime?: string
  endTime?: string
  appointmentStatus?: 'cancelled'
  description?: string
}

export interface UpsertContactInput {
  locationId: string
  firstName: string
  lastName: string
  email: string
  phone?: string
  timezone?: string
  source?: string
  // No `tags`: on upsert they replace all of a returning contact's tags (the spec warns); see addContactTags.
  customFields?: { id: string; field_value: string }[]
}

export interface CreateAppointmentInput {
  calendarId: string
  locationId: string
  contactId: string
  startTime: string
  endTime?: string
  title?: string
  appointmentStatus?: 'new' | 'confirmed'
  /** The team member it is for; GHL needs one on a calendar with several. */
  assignedUserId?: string
  description?: string
  toNotify?: boolean
}

/** A pipeline of the location and its stages (`GET /opportunities/pipelines`). */
export interface GhlPipeline {
  id: string
  name: string
  stages: { id: string; name: string }[]
}

/** An opportunity as the proxy reads it (`SearchOpportunitiesResponseSchema`, in part). */
export interface GhlOpportunity {
  id: string
  pipelineId?: string
  pipelineStageId?: string
  status?: string
  contactId?: string
}

/**
 * `UpsertOpportunityDto`, the fields the proxy sends. `contactId` is not in the spec's copy of the DTO but is GHL's
 * key for a new opportunity (CreateDto requires it); `id` names the opportunity to change, when known. The
 * followers fields the spec marks required are sent as "add nobody".
 */
export interface UpsertOpportunityInput {
  locationId: string
  pipelineId: string
  contactId: string
  id?: string
  pipelineStageId?: string
  name?: string
  status?: 'open' | 'won' | 'lost' | 'abandoned'
  monetaryValue?: number
}

/**
 * A failed GHL call. `kind` says what happened, so callers decide on retries and wire errors:
 * `rejected` (4xx other than 429; `status` and GHL's `message` kept), `rate_limited` (429 after retries),
 * `unavailable` (5xx, network error, timeout, throttle queue full), `malformed` (a response that failed validation).
 */
export class GhlError extends Error {
  readonly kind: 'rejected' | 'rate_limited' | 'unavailable' | 'timeout' | 'malformed'
  readonly status?: number
  /** Seconds the caller may tell its own client to wait, when known. */
  readonly retryAfter?: number
  /** GHL's own `message` of a rejected call, as sent (a string, or a list of strings for 422). */
  readonly upstreamMessage?: string | string[]

  constructor(
    kind: GhlError['kind'],
    message: string,
    options: {
      status?: number
      retryAfter?: number
      upstreamMessage?: string | string[]
      cause?: unknown
    } = {},
  ) {
    super(message, { cause: options.cause })
    this.name = 'GhlError'
    this.kind = kind
    this.status = options.status
    this.retryAfter = options.retryAfter
    this.upstreamMessage = options.upstreamMessage
  }
}

/** The GHL calls the proxy makes. Every method is scoped to a location (for the token and the throttle). */
export interface GhlClient {
  getLocationTimeZone(locationId: string): Promise<string>
  getCalendar(locationId: string, calendarId: string): Promise<GhlCalendar>
  /**
   * `startMs`/`endMs` epoch milliseconds, at most 31 days apart; `timeZone` the zone of the returned strings;
   * `userId` only that team member's slots.
   */
  getFreeSlots(
    locationId: string,
    query: { calendarId: string; startMs: number; endMs: number; timeZone: string; userId?: string },
  ): Promise<GhlFreeSlots>
  upsertContact(input: UpsertContactInput): Promise<{ id: string; isNew: boolean }>
  /** Adds tags to a contact, keeping those it has (`POST /contacts/{id}/tags`); resolves with GHL's tag list. */
  addContactTags(locationId: string, contactId: string, tags: string[]): Promise<string[]>
  /** Never retried on a timeout or 5xx (it could create a duplicate); only on 429 or a refused connection. */
  createAppointment(input: CreateAppointmentInput): Promise<GhlAppointment>
  getContactAppointments(locationId: string, contactId: string): Promise<GhlAppointment[]>
  /**
   * A user's display name (`GET /users/{userId}`, scope `users.readonly`); '' when GHL has none. Retried only on a
   * 429: the name decorates the widget's header, which goes on without it.
   */
  getUser(locationId: string, userId: string): Promise<{ name: string }>
  /** One appointment (`GET /calendars/events/appointments/{eventId}`); retried like a read. */
  getAppointment(locationId: string, eventId: string): Promise<GhlEvent>
  /**
   * Changes an appointment (`PUT /calendars/events/appointments/{eventId}`). Never retried on a timeout or 5xx:
   * the caller reads the appointment back to learn whether the change took effect.
   */
  updateAppointment(
    locationId: string,
    eventId: string,
    input: UpdateAppointmentInput,
  ): Promise<GhlAppointment>
  /**
   * Sets custom fields of a contact (`PUT /contacts/{contactId}` with `customFields`), leaving its other fields.
   * Not retried on a timeout or 5xx: callers go on without it.
   */
  setContactFields(
    locationId: string,
    contactId: string,
    fields: { id: string; field_value: string }[],
  ): Promise<void>
  /** The location's pipelines and their stages (`GET /opportunities/pipelines`, `opportunities.readonly`). */
  getPipelines(locationId: string): Promise<GhlPipeline[]>
  /** The contact's open opportunities in a pipeline (`GET /opportunities/search`, `opportunities.readonly`). */
  findOpenOpportunities(locationId: string, pipelineId: string, contactId: string): Promise<GhlOpportunity[]>
  /**
   * Creates or changes an opportunity (`POST /opportunities/upsert`, `opportunities.write`); `created` when GHL
   * made a new one. Retried like a read: the same upsert twice converges on one opportunity.
   */
  upsertOpportunity(input: UpsertOpportunityInput): Promise<{ opportunity: GhlOpportunity; created: boolean }>
}
