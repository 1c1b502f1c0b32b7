/**
 * A site's opportunity settings: after a booking the contact's opportunity is put in a pipeline stage, and a
 * cancellation through a booking link may move it to another stage. Per site, and optionally per calendar.
 */
import * as v from 'valibot'
import { withoutControls } from '../../../contract/schemas.ts'

const GhlId = (what: string) =>
  v.pipe(
    v.string(`Expected the ${what} id (a string)`),
    v.trim(),
    v.minLength(1, `Expected the ${what} id`),
    v.maxLength(100, `The ${what} id is too long`),
  )

/** Where a booking puts the contact's opportunity, and where a cancellation moves it. */
export const OpportunitySettings = v.strictObject({
  /** The pipeline (GHL: *Opportunities → Pipelines*); checked against the location's pipelines at start. */
  pipelineId: GhlId('pipeline'),
  /** The stage of that pipeline a booking puts the opportunity in. */
  stageId: GhlId('stage'),
  /**
   * The opportunity's name; `{{contact.name}}`, `{{contact.first_name}}`, `{{contact.last_name}}`,
   * `{{calendar.name}}` are filled in. Default `{{contact.name}} – {{calendar.name}}`.
   */
  name: v.optional(
    v.pipe(v.string(), v.transform(withoutControls), v.maxLength(200, 'Expected at most 200 characters')),
    '{{contact.name}} – {{calendar.name}}',
  ),
  /** The opportunity's value in the location's currency. Default none (GHL's 0). */
  monetaryValue: v.optional(
    v.pipe(v.number('Expected a number'), v.finite(), v.minValue(0, 'Expected 0 or more')),
  ),
  /** The status a booking gives it. Default `open`. */
  status: v.optional(v.picklist(['open', 'won', 'lost', 'abandoned']), 'open'),
  /** The stage a cancellation through a booking link moves it to. Default none: a cancellation leaves it alone. */
  cancelledStageId: v.optional(GhlId('cancelled stage')),
})
export type OpportunitySettings = v.InferOutput<typeof OpportunitySettings>

/**
 * Per calendar, settings that replace the site's `opportunity` for that calendar's bookings; `null` turns them off
 * for it. Keys must be calendars of the site.
 */
export const CalendarOpportunities = v.record(v.string(), v.nullable(OpportunitySettings))

/** The part of a site the opportunity settings live in. */
interface OpportunityFields {
  calendars: string[]
  opportunity?: OpportunitySettings
  calendarOpportunities?: Record<string, OpportunitySettings | null>
}

/** A calendar of `calendarOpportunities` the site does not list, as a message; undefined when there is none. */
export function unknownOpportunityCalendar(site: OpportunityFields): string | undefined {
  const unknown = Object.keys(site.calendarOpportunities ?? {}).filter((id) => !site.calendars.includes(id))
  if (unknown.length === 0) return undefined
  return `calendarOpportunities names ${unknown.join(', ')}, not among the site's calendars (${site.calendars.join(', ')})`
}

/** The settings of a booking on `calendarId`, or undefined when that calendar's bookings make no opportunity. */
export function opportunityFor(site: OpportunityFields, calendarId: string): OpportunitySettings | undefined {
  const own = site.calendarOpportunities?.[calendarId]
  if (own !== undefined) return own ?? undefined
  return site.opportunity
}

/** Every opportunity setting of a site (the site's and each calendar's), for the check against GHL's pipelines. */
export function allOpportunitySettings(site: OpportunityFields): OpportunitySettings[] {
  const all = [site.opportunity, ...Object.values(site.calendarOpportunities ?? {})]
  return all.filter((settings): settings is OpportunitySettings => settings != null)
}
