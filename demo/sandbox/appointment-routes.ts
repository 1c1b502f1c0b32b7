/** Appointment routes: create, get, update (`/calendars/events/appointments`) and delete (`/calendars/events/{id}`). */
import { Hono, type Context } from 'hono'
import * as v from 'valibot'
import {
  createAppointment,
  deleteAppointment,
  findCalendar,
  parseInstant,
  updateAppointment,
} from './appointments.ts'
import { GhlHttpError, traceId } from './ghl-error.ts'
import { appointmentResponse, eventResponse } from './present.ts'
import type { SandboxEnv, SandboxServices } from './sandbox-env.ts'

const Status = v.picklist(['new', 'confirmed', 'cancelled', 'showed', 'noshow', 'invalid'])
const Text = v.optional(v.string())

/** `AppointmentEditSchema`: every field optional. */
const AppointmentEdit = v.object({
  title: Text,
  appointmentStatus: v.optional(Status),
  assignedUserId: Text,
  description: Text,
  address: Text,
  meetingLocationType: Text,
  meetingLocationId: Text,
  ignoreDateRange: v.optional(v.boolean()),
  ignoreFreeSlotValidation: v.optional(v.boolean()),
  toNotify: v.optional(v.boolean()),
  calendarId: Text,
  startTime: Text,
  endTime: Text,
})

/** `AppointmentCreateSchema`: `calendarId`, `locationId`, `contactId`, `startTime` required. */
const AppointmentCreate = v.object({
  ...AppointmentEdit.entries,
  calendarId: v.pipe(v.string('must be a string'), v.nonEmpty('should not be empty')),
  locationId: v.pipe(v.string('must be a string'), v.nonEmpty('should not be empty')),
  contactId: v.pipe(v.string('must be a string'), v.nonEmpty('should not be empty')),
  startTime: v.pipe(v.string('must be a string'), v.nonEmpty('should not be empty')),
  rrule: Text,
  /** Not in the spec, but GHL takes it in place of `assignedUserId` (highlevel-api-docs issue #23). */
  userId: Text,
})

/** Parses the JSON body against a schema, or GHL's 400 with the validation messages. */
async function readBody<S extends v.GenericSchema>(c: Context, schema: S): Promise<v.InferOutput<S>> {
  const raw = await c.req.json().catch(() => {
    throw new GhlHttpError(400, 'Request body must be valid JSON')
  })
  const parsed = v.safeParse(schema, raw)
  if (!parsed.success) {
    // class-validator's wording, as GHL's NestJS validation answers.
    const messages = parsed.issues.map((i) => {
      const field = v.getDotPath(i) ?? 'body'
      return i.input === undefined ? `${field} should not be empty` : `${field}: ${i.message}`
    })
    throw new GhlHttpError(400, messages.join(', '))
  }
  return parsed.output
}

/** The appointment routes, mounted at the root of the sandbox's API. */
export function appointmentRoutes(services: SandboxServices): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>()
  const zone = () => services.state().location.timezone
  const find = (c: Context<SandboxEnv>, id: string) => {
    const appointment = services.state().appointments.get(id)
    if (!appointment || appointment.locationId !== c.get('locationId')) {
      throw new GhlHttpError(400, 'Appointment not found')
    }
    return appointment
  }

  app.post('/calendars/events/appointments', async (c) => {
    const body = await readBody(c, AppointmentCreate)
    if (body.locationId !== c.get('locationId')) {
      throw new GhlHttpError(403, 'The token does not have access to this location')
    }
    const calendar = findCalendar(services, body.calendarId, body.locationId)
    const appointment = createAppointment(services, {
      calendar,
      contactId: body.contactId,
      assignedUserId: body.assignedUserId ?? body.userId,
      startMs: parseInstant(body.startTime, 'startTime'),
      endMs: body.endTime === undefined ? undefined : parseInstant(body.endTime, 'endTime'),
      title: body.title,
      appointmentStatus: body.appointmentStatus,
      address: body.address,
      description: body.description,
      source: 'public_api',
      validate: !body.ignoreFreeSlotValidation,
      ignoreDateRange: body.ignoreDateRange,
    })
    return c.json({ ...appointmentResponse(appointment, zone()), traceId: traceId() })
  })

  app.get('/calendars/events/appointments/:eventId', (c) => {
    const appointment = find(c, c.req.param('eventId'))
    return c.json({ event: eventResponse(appointment, zone()), traceId: traceId() })
  })

  app.put('/calendars/events/appointments/:eventId', async (c) => {
    const appointment = find(c, c.req.param('eventId'))
    const body = await readBody(c, AppointmentEdit)
    if (body.calendarId && body.calendarId !== appointment.calendarId) {
      throw new GhlHttpError(400, 'Moving an appointment to another calendar is not supported by the sandbox')
    }
    const updated = updateAppointment(services, appointment, {
      startMs: body.startTime === undefined ? undefined : parseInstant(body.startTime, 'startTime'),
      endMs: body.endTime === undefined ? undefined : parseInstant(body.endTime, 'endTime'),
      title: body.title,
      appointmentStatus: body.appointmentStatus,
      address: body.address,
      description: body.description,
      validate: !body.ignoreFreeSlotValidation,
      ignoreDateRange: body.ignoreDateRange,
    })
    return c.json({ ...appointmentResponse(updated, zone()), traceId: traceId() })
  })

  app.delete('/calendars/events/:eventId', (c) => {
    find(c, c.req.param('eventId'))
    deleteAppointment(services, c.req.param('eventId'))
    return c.json({ succeeded: true, traceId: traceId() }, 201)
  })

  return app
}
