/**
 * valibot schemas of the GHL responses the client reads. Lenient where GHL is (extra keys, nulls for absent
 * fields), strict where the proxy depends on a value: a response that fails here becomes GhlError('malformed').
 */
import * as v from 'valibot'

const id = v.pipe(v.string(), v.minLength(1))
/** GHL sends null as often as it leaves a field out. */
const maybe = <T extends v.GenericSchema>(schema: T) => v.nullish(schema)

/** `GET /locations/{id}`: only the zone matters here. */
export const GhlLocationResponse = v.object({
  location: v.object({ timezone: v.pipe(v.string(), v.minLength(1)) }),
})

/** GHL's `LocationConfiguration.kind` values (apps/calendars.json). */
export const GHL_LOCATION_KINDS = [
  'custom',
  'zoom_conference',
  'google_conference',
  'inbound_call',
  'outbound_call',
  'physical',
  'booker',
  'ms_teams_conference',
] as const

/** A team member's deprecated `meetingLocationType` values (the spec still lists them, GHL may still send them). */
export const GHL_MEETING_LOCATION_TYPES = [
  'custom',
  'zoom',
  'gmeet',
  'phone',
  'address',
  'teams',
  'booker',
] as const

/** A value that reads as `schema`, or undefined for anything else (absent, null, another type, an unknown kind). */
const lenient = <T extends v.GenericSchema>(schema: T) => v.fallback(v.optional(schema), undefined)

/** One meeting location: `location` is an address, a phone number or a link, by kind (`meetingId` is not kept). */
export const GhlLocationConfig = v.object({
  kind: v.picklist(GHL_LOCATION_KINDS),
  location: lenient(v.string()),
})
export type GhlLocationConfig = v.InferOutput<typeof GhlLocationConfig>

/**
 * A list of meeting locations, read leniently: they only decorate the widget's header, so an entry GHL writes
 * otherwise (an unknown kind, a missing kind) is dropped, and a list that is not a list is empty, rather than the
 * calendar becoming unreadable.
 */
const LocationConfigs = v.fallback(
  v.pipe(
    v.array(v.unknown()),
    v.transform((items) =>
      items.flatMap((item) => {
        const read = v.safeParse(GhlLocationConfig, item)
        return read.success ? [read.output] : []
      }),
    ),
  ),
  [],
)

/** `GET /calendars/{id}`: the CalendarDTO fields the proxy uses. */
export const GhlCalendarResponse = v.object({
  calendar: v.object({
    id,
    locationId: id,
    name: v.string(),
    description: maybe(v.string()),
    // Ranges of sense (a duration of 0 or 10 000 hours) are checked where the settings are used: calendars/bounds.ts.
    slotDuration: maybe(v.number()),
    slotDurationUnit: maybe(v.picklist(['mins', 'hours'])),
    allowBookingAfter: maybe(v.number()),
    allowBookingAfterUnit: maybe(v.picklist(['hours', 'days', 'weeks', 'months'])),
    allowBookingFor: maybe(v.number()),
    allowBookingForUnit: maybe(v.picklist(['days', 'weeks', 'months'])),
    // Free-form: a calendar type added to GHL later must not make every calendar unreadable.
    calendarType: maybe(v.string()),
    teamMembers: maybe(
      v.array(
        v.object({
          userId: id,
          priority: maybe(v.number()),
          isPrimary: maybe(v.boolean()),
          locationConfigurations: LocationConfigs,
          // Deprecated in favour of locationConfigurations; read where those are absent.
          meetingLocationType: lenient(v.picklist(GHL_MEETING_LOCATION_TYPES)),
          meetingLocation: lenient(v.string()),
        }),
      ),
    ),
    // The calendar's own meeting locations (the spec: "for event calendar"); other types set them per member.
    locationConfigurations: LocationConfigs,
    meetingLocation: lenient(v.string()),
    appoinmentPerSlot: maybe(v.number()),
    eventTitle: maybe(v.string()),
    consentLabel: maybe(v.string()),
    isActive: maybe(v.boolean()),
    allowReschedule: maybe(v.boolean()),
    allowCancellation: maybe(v.boolean()),
  }),
})

const DATE_KEY = /^\d{4}-\d{2}-\d{2}$/

/** A slot start: ISO-8601 with an offset, as GHL sends it. */
const SlotStart = v.pipe(
  v.string(),
  v.check((s) => /T\d{2}:\d{2}/.test(s) && !Number.isNaN(Date.parse(s)), 'Expected an ISO-8601 start time'),
)

/** `GET /calendars/{id}/free-slots`: date keys next to other keys such as `traceId`, which are ignored. */
export const GhlFreeSlotsResponse = v.pipe(
  v.record(v.string(), v.unknown()),
  v.transform((body) => Object.entries(body).filter(([key]) => DATE_KEY.test(key))),
  v.array(v.tuple([v.string(), v.object({ slots: v.array(SlotStart) })])),
  v.transform((days) => Object.fromEntries(days.map(([day, { slots }]) => [day, slots]))),
)

/** `POST /contacts/upsert`. */
export const GhlUpsertContactResponse = v.object({
  new: v.optional(v.boolean(), false),
  contact: v.object({ id }),
})

/** `POST /contacts/{id}/tags` (201): the spec's `CreateAddTagSuccessfulResponseDto`, `tags` not required. */
export const GhlAddTagsResponse = v.object({ tags: v.optional(v.array(v.string()), []) })

/** `POST /calendars/events/appointments`: a flat appointment. */
export const GhlAppointmentResponse = v.object({
  id,
  calendarId: v.string(),
  locationId: v.string(),
  contactId: v.string(),
  startTime: maybe(v.string()),
  endTime: maybe(v.string()),
  title: maybe(v.string()),
  appointmentStatus: maybe(v.string()),
})

/** `GET /contacts/{id}/appointments`: no field is required by the spec but the id. */
export const GhlContactAppointmentsResponse = v.object({
  events: v.optional(
    v.array(
      v.object({
        id,
        calendarId: maybe(v.string()),
        locationId: maybe(v.string()),
        contactId: maybe(v.string()),
        startTime: maybe(v.string()),
        endTime: maybe(v.string()),
        title: maybe(v.string()),
        appointmentStatus: maybe(v.string()),
      }),
    ),
    [],
  ),
})

/** The user's fields the proxy may keep: only the name, never the e-mail, phone or permissions beside it. */
const GhlUserFields = v.object({
  name: lenient(v.string()),
  firstName: lenient(v.string()),
  lastName: lenient(v.string()),
})

/**
 * `GET /users/{userId}` (`UserSuccessfulResponseDto`, flat in the spec; a `{ user }` wrapper as most GHL reads have
 * is read too): the user's display name, `name` or else first and last name; '' when GHL has none.
 */
export const GhlUserResponse = v.pipe(
  v.union([v.object({ user: GhlUserFields }), GhlUserFields]),
  v.transform((body) => {
    const user = 'user' in body ? body.user : body
    const name = user.name?.trim() || [user.firstName, user.lastName].map((part) => part?.trim()).join(' ')
    return { name: name.trim() }
  }),
)

/** `GET /calendars/events/appointments/{eventId}`: `{ event: CalendarEventDTO }`, the fields the proxy reads. */
export const GhlEventResponse = v.object({
  event: v.object({
    id,
    calendarId: v.string(),
    locationId: maybe(v.string()),
    contactId: v.string(),
    startTime: maybe(v.string()),
    endTime: maybe(v.string()),
    title: maybe(v.string()),
    appointmentStatus: maybe(v.string()),
    description: maybe(v.string()),
    assignedUserId: maybe(v.string()),
  }),
})

/** `PUT /contacts/{contactId}`: only success matters; the contact that comes back is not read. */
export const GhlUpdateContactResponse = v.object({})

/** A GHL error body: `message` is a string or, for 422, a list of strings. */
export const GhlErrorBody = v.object({
  message: v.optional(v.union([v.string(), v.array(v.string())])),
})

/** A pipeline stage: the spec draws `stages` as a list of lists; GHL sends objects with `id` and `name`. */
const GhlPipelineStage = v.object({ id, name: v.optional(v.string(), '') })

/** `GET /opportunities/pipelines` (`GetPipelinesSuccessfulResponseDto`): the location's pipelines and stages. */
export const GhlPipelinesResponse = v.object({
  pipelines: v.optional(
    v.array(
      v.object({
        id,
        name: v.optional(v.string(), ''),
        stages: v.optional(v.array(GhlPipelineStage), []),
      }),
    ),
    [],
  ),
})

/** The opportunity fields the proxy reads (`SearchOpportunitiesResponseSchema`, in part). */
const GhlOpportunityFields = v.object({
  id,
  pipelineId: maybe(v.string()),
  pipelineStageId: maybe(v.string()),
  status: maybe(v.string()),
  contactId: maybe(v.string()),
})

/** `GET /opportunities/search` (`SearchSuccessfulResponseDto`): the opportunities found, first page. */
export const GhlSearchOpportunitiesResponse = v.object({
  opportunities: v.optional(v.array(GhlOpportunityFields), []),
})

/** `POST /opportunities/upsert` (`UpsertOpportunitySuccessfulResponseDto`): the opportunity and whether it is new. */
export const GhlUpsertOpportunityResponse = v.object({
  opportunity: GhlOpportunityFields,
  new: v.optional(v.boolean(), false),
})
