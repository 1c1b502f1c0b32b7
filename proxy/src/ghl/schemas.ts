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
      v.array(v.object({ userId: id, priority: maybe(v.number()), isPrimary: maybe(v.boolean()) })),
    ),
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
