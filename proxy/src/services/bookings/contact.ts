/**
 * What the proxy writes to GHL for a booking: the contact upsert and the appointment's title and description.
 *
 * Attribution is kept on the contact as tags (`utm_source:google`, `utm_medium:cpc`, `utm_campaign:spring`), which
 * GHL can filter and trigger workflows on, and, when the site maps them, in the location's custom fields.
 * Click ids, the referrer and the page are one-off values that make poor tags: they go, with every utm value,
 * into the appointment's description next to the visitor's notes, so the business sees them with the booking.
 */
import type { Attribution, BookingRequest } from '../../../../contract/schemas.ts'
import type { CreateAppointmentInput, UpsertContactInput } from '../../ghl/types.ts'
import type { Site } from '../../config/sites.ts'

/** The contact `source` of every contact the widget creates or updates. */
export const CONTACT_SOURCE = 'ghl-booking widget'

/** Attribution keys copied into contact tags (short, shared by many contacts). */
const TAGGED: readonly (keyof Attribution)[] = ['utm_source', 'utm_medium', 'utm_campaign']

/** GHL custom field ids per attribution key, for one site's location. */
export type AttributionFieldIds = Partial<Record<keyof Attribution, string>>

/** The tags a booking adds to its contact: the site's, then one per utm value (`utm_source:google`). */
export function contactTags(site: Site, request: BookingRequest): string[] {
  const tags = [...site.tags]
  for (const key of TAGGED) {
    const value = request.attribution?.[key]
    if (value) tags.push(`${key}:${value}`.slice(0, 100))
  }
  return [...new Set(tags)]
}

/**
 * The upsert body: the visitor's details and zone, the widget as source. Never tags: an upsert's `tags` replace
 * every tag a returning contact has (the spec says so), so they are added with {@link contactTags} separately.
 */
export function contactInput(
  site: Site,
  request: BookingRequest,
  fieldIds: AttributionFieldIds = {},
): UpsertContactInput {
  const { contact, attribution = {} } = request
  const customFields = Object.entries(fieldIds).flatMap(([key, id]) => {
    const value = attribution[key as keyof Attribution]
    return id && value ? [{ id, field_value: value }] : []
  })
  return {
    locationId: site.locationId,
    firstName: contact.firstName,
    lastName: contact.lastName,
    email: contact.email,
    ...(contact.phone && site.phone !== 'hidden' && { phone: contact.phone }),
    timezone: request.timeZone,
    source: `${CONTACT_SOURCE} (${site.id})`,
    ...(customFields.length > 0 && { customFields }),
  }
}

/**
 * Fills a site's template (a title, an opportunity's name): `{{contact.name}}`, `{{contact.first_name}}`,
 * `{{contact.last_name}}`, `{{calendar.name}}`; at most 200 characters, the calendar's name when nothing is left.
 */
export function fillTemplate(
  template: string,
  contact: { firstName: string; lastName: string },
  calendarName: string,
): string {
  const values: Record<string, string> = {
    'contact.name': `${contact.firstName} ${contact.lastName}`,
    'contact.first_name': contact.firstName,
    'contact.last_name': contact.lastName,
    'calendar.name': calendarName,
  }
  // Unknown placeholders become empty rather than reaching the business's calendar as raw braces.
  const text = template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, name: string) => values[name] ?? '').trim()
  return (text || calendarName).slice(0, 200)
}

/** Fills the site's title template (see {@link fillTemplate}). */
export function renderTitle(template: string, request: BookingRequest, calendarName: string): string {
  return fillTemplate(template, request.contact, calendarName)
}

/** The appointment description: the visitor's notes, then the attribution, one `key: value` a line. */
export function describe(site: Site, request: BookingRequest): string {
  const lines: string[] = []
  if (request.notes && site.notes !== 'hidden') lines.push(request.notes, '')
  for (const [key, value] of Object.entries(request.attribution ?? {})) {
    if (value) lines.push(`${key}: ${value}`)
  }
  if (request.consent && site.consent) lines.push(`consent: ${site.consent}`)
  return lines.join('\n').trim()
}

/** The create body: `startTime` exactly as given, title and status from the site. */
export function appointmentInput(
  site: Site,
  request: BookingRequest,
  contactId: string,
  calendarName: string,
): CreateAppointmentInput {
  const description = describe(site, request)
  return {
    calendarId: request.calendarId,
    locationId: site.locationId,
    contactId,
    startTime: request.start,
    title: renderTitle(site.titleTemplate, request, calendarName),
    appointmentStatus: site.appointmentStatus,
    ...(description && { description }),
  }
}
