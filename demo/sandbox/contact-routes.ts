/**
 * `POST /contacts/upsert` (matched by e-mail, then phone, as a location that disallows duplicates does; `tags`
 * replace the contact's tags, as the spec warns), `GET` and `PUT /contacts/{contactId}`, `POST /contacts/{contactId}/tags`
 * (adds, keeping the others), `GET /contacts/{contactId}/appointments` and `GET /locations/{locationId}`.
 */
import { Hono, type Context } from 'hono'
import * as v from 'valibot'
import { GhlHttpError, traceId } from './ghl-error.ts'
import type { SandboxContact } from './model.ts'
import { contactEventResponse, locationResponse } from './present.ts'
import type { SandboxEnv, SandboxServices } from './sandbox-env.ts'

const Text = v.optional(v.nullable(v.string()))

/** `UpsertContactDto`, the fields the sandbox keeps; others are accepted and ignored. */
const UpsertContact = v.object({
  locationId: v.string(),
  firstName: Text,
  lastName: Text,
  name: Text,
  email: v.optional(v.nullable(v.pipe(v.string(), v.email('email must be an email')))),
  phone: Text,
  timezone: Text,
  source: v.optional(v.string()),
  companyName: Text,
  tags: v.optional(v.array(v.string())),
  customFields: v.optional(
    v.array(v.object({ id: v.string(), key: v.optional(v.string()), field_value: v.unknown() })),
  ),
})

/** `UpdateContactDto`, the fields the sandbox keeps; `customFields` are set by id, the others left alone. */
const UpdateContact = v.object({
  firstName: Text,
  lastName: Text,
  name: Text,
  email: v.optional(v.nullable(v.pipe(v.string(), v.email('email must be an email')))),
  phone: Text,
  timezone: Text,
  tags: v.optional(v.array(v.string())),
  customFields: UpsertContact.entries.customFields,
})

/** `TagsDTO`: `tags` required. */
const Tags = v.object({
  tags: v.array(v.string('each value in tags must be a string'), 'tags must be an array'),
})

/** Sets each custom field by id, in the response's `{ id, value }` form (a list is joined by commas). */
function setCustomFields(
  contact: SandboxContact,
  fields: { id: string; field_value: unknown }[] | undefined,
): void {
  for (const field of fields ?? []) {
    const value = Array.isArray(field.field_value) ? field.field_value.join(', ') : String(field.field_value)
    contact.customFields = [...contact.customFields.filter((f) => f.id !== field.id), { id: field.id, value }]
  }
}

/** Digits and a leading plus: `+1 (212) 555-0100` and `+12125550100` are one phone. */
const normalisePhone = (phone: string) => phone.replace(/[^\d+]/g, '')

/** The contact and location routes, mounted at the root of the sandbox's API. */
export function contactRoutes(services: SandboxServices): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>()

  app.post('/contacts/upsert', async (c) => {
    const raw = await c.req.json().catch(() => {
      throw new GhlHttpError(400, 'Request body must be valid JSON')
    })
    if (typeof raw?.locationId !== 'string' || !raw.locationId) {
      throw new GhlHttpError(422, ['locationId should not be empty', 'locationId must be a string'])
    }
    const parsed = v.safeParse(UpsertContact, raw)
    if (!parsed.success)
      throw new GhlHttpError(
        422,
        parsed.issues.map((i) => i.message),
      )
    const body = parsed.output
    if (body.locationId !== c.get('locationId')) {
      throw new GhlHttpError(403, 'The token does not have access to this location')
    }
    const contacts = services.state().contacts
    const email = body.email?.toLowerCase()
    const phone = body.phone ? normalisePhone(body.phone) : undefined
    const inLocation = [...contacts.values()].filter((x) => x.locationId === body.locationId)
    const existing =
      (email && inLocation.find((x) => x.emailLowerCase === email)) ||
      (phone && inLocation.find((x) => x.phone === phone)) ||
      undefined
    const now = new Date(services.now()).toISOString()
    const contact: SandboxContact = existing ?? {
      id: services.newId('ctc'),
      locationId: body.locationId,
      name: '',
      firstName: '',
      lastName: '',
      tags: [],
      customFields: [],
      dateAdded: now,
      dateUpdated: now,
    }
    // Only fields present in the request change; `tags` overwrite, as the spec warns.
    if (body.firstName != null) contact.firstName = body.firstName
    if (body.lastName != null) contact.lastName = body.lastName
    contact.name = body.name ?? [contact.firstName, contact.lastName].filter(Boolean).join(' ')
    if (body.email) Object.assign(contact, { email: body.email, emailLowerCase: email })
    if (phone) contact.phone = phone
    if (body.timezone) contact.timezone = body.timezone
    if (body.source) contact.source = body.source
    if (body.companyName) contact.companyName = body.companyName
    if (body.tags) contact.tags = [...body.tags]
    setCustomFields(contact, body.customFields)
    contact.dateUpdated = now
    contacts.set(contact.id, contact)
    return c.json({ new: !existing, contact: { ...contact }, traceId: traceId() })
  })

  /** The contact of the path, in the token's location, or GHL's 400. */
  const findContact = (c: Context<SandboxEnv>): SandboxContact => {
    const contact = services.state().contacts.get(c.req.param('contactId') ?? '')
    if (!contact || contact.locationId !== c.get('locationId'))
      throw new GhlHttpError(400, 'Contact not found')
    return contact
  }

  app.put('/contacts/:contactId', async (c) => {
    const contact = findContact(c)
    const parsed = v.safeParse(UpdateContact, await c.req.json().catch(() => undefined))
    if (!parsed.success)
      throw new GhlHttpError(
        422,
        parsed.issues.map((i) => i.message),
      )
    const body = parsed.output
    if (body.firstName != null) contact.firstName = body.firstName
    if (body.lastName != null) contact.lastName = body.lastName
    if (body.firstName != null || body.lastName != null || body.name != null)
      contact.name = body.name ?? [contact.firstName, contact.lastName].filter(Boolean).join(' ')
    if (body.email) Object.assign(contact, { email: body.email, emailLowerCase: body.email.toLowerCase() })
    if (body.phone) contact.phone = normalisePhone(body.phone)
    if (body.timezone) contact.timezone = body.timezone
    // Unlike the tags endpoint, an update's `tags` replace the contact's, as on upsert.
    if (body.tags) contact.tags = [...body.tags]
    setCustomFields(contact, body.customFields)
    contact.dateUpdated = new Date(services.now()).toISOString()
    // The spec's `UpdateContactsSuccessfulResponseDto`, its typo included.
    return c.json({ succeded: true, contact: structuredClone(contact), traceId: traceId() })
  })

  app.get('/contacts/:contactId', (c) =>
    c.json({ contact: structuredClone(findContact(c)), traceId: traceId() }),
  )

  app.post('/contacts/:contactId/tags', async (c) => {
    const contact = findContact(c)
    const parsed = v.safeParse(Tags, await c.req.json().catch(() => undefined))
    if (!parsed.success)
      throw new GhlHttpError(
        422,
        parsed.issues.map((i) => i.message),
      )
    // Added once each, after the tags the contact has; the answer lists them all.
    contact.tags = [...new Set([...contact.tags, ...parsed.output.tags])]
    contact.dateUpdated = new Date(services.now()).toISOString()
    return c.json({ tags: [...contact.tags], traceId: traceId() }, 201)
  })

  app.get('/contacts/:contactId/appointments', (c) => {
    const state = services.state()
    const contact = findContact(c)
    const events = [...state.appointments.values()]
      .filter((a) => a.contactId === contact.id)
      .sort((a, b) => a.startMs - b.startMs)
      .map((a) =>
        contactEventResponse(a, state.location.timezone, services.settings().contactAppointmentTimes),
      )
    return c.json({ events, traceId: traceId() })
  })

  app.get('/locations/:locationId', (c) => {
    const location = services.state().location
    if (c.req.param('locationId') !== c.get('locationId') || location.id !== c.get('locationId')) {
      throw new GhlHttpError(403, 'The token does not have access to this location')
    }
    return c.json({ location: locationResponse(location), traceId: traceId() })
  })

  return app
}
