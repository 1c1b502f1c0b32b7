/** The site registry: which GHL location and calendars each embedding site may use, and from which origins. */
import * as v from 'valibot'
import { withoutControls } from '../../../contract/schemas.ts'
import { ManageRules, manageSettingsProblem, ManageUrl } from './manage.ts'
import { CalendarOpportunities, OpportunitySettings, unknownOpportunityCalendar } from './opportunity.ts'

/** A fixed-window limit: at most `limit` requests per `windowSeconds`. */
export const RateLimitRule = v.object({
  limit: v.pipe(v.number(), v.integer(), v.minValue(1)),
  windowSeconds: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(86_400)),
})
export type RateLimitRule = v.InferOutput<typeof RateLimitRule>

/**
 * A booking quota: at most `limit` bookings in any `windowSeconds` (a sliding window). The limit is small by
 * nature, and bounded, because the store keeps the time of each booking it counts.
 */
export const QuotaRule = v.object({
  limit: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000)),
  windowSeconds: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(7 * 86_400)),
})
export type QuotaRule = v.InferOutput<typeof QuotaRule>

/** The name of an environment variable. */
const EnvName = v.pipe(v.string(), v.regex(/^[A-Z_][A-Z0-9_]*$/, 'Expected an environment variable name'))

/** One embedding site, as written in the sites file (the manage settings checked against the origins). */
const SiteFields = v.object({
  /** The id in `data-site` and in `/v1/sites/:site/...`. */
  id: v.pipe(
    v.string(),
    v.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'Expected lowercase letters, digits and dashes'),
  ),
  /** The GHL location (sub-account) the calendars belong to. */
  locationId: v.pipe(v.string(), v.minLength(1)),
  /** GHL calendar ids this site may show; any other id is refused without asking GHL. */
  calendars: v.pipe(v.array(v.pipe(v.string(), v.minLength(1))), v.minLength(1)),
  /** Page origins allowed to call the proxy from a browser, e.g. `https://www.acme.com`. */
  origins: v.array(
    v.pipe(v.string(), v.url(), v.regex(/^https?:\/\/[^/]+$/, 'Expected an origin: scheme and host only')),
  ),
  /** Name of the environment variable holding this site's GHL token; default `GHL_TOKEN`. */
  tokenEnv: v.optional(EnvName, 'GHL_TOKEN'),
  /** Request limits: for the whole site, and for each visitor IP. Defaults below. */
  rateLimit: v.optional(
    v.object({
      site: v.optional(RateLimitRule),
      visitor: v.optional(RateLimitRule),
    }),
    {},
  ),
  /**
   * Bookings made (created in GHL) per visitor IP and per e-mail address, counted per site. Defaults below.
   * Attempts that create nothing (a taken time, a refused request, an upstream failure) do not count.
   */
  bookingQuota: v.optional(
    v.object({
      visitor: v.optional(QuotaRule),
      email: v.optional(QuotaRule),
    }),
    {},
  ),
  /**
   * Cloudflare Turnstile: bookings need a solved challenge. `siteKey` is public (the widget renders the
   * challenge with it); the secret is read from the environment variable `secretEnv` names, never from this file.
   */
  turnstile: v.optional(
    v.object({
      siteKey: v.pipe(v.string(), v.regex(/^[\w-]{1,64}$/, 'Expected a Turnstile site key')),
      secretEnv: v.optional(EnvName, 'TURNSTILE_SECRET'),
    }),
  ),
  /** Tags added to contacts who book through this site; control characters are dropped. */
  tags: v.optional(v.array(v.pipe(v.string(), v.transform(withoutControls))), ['booking-widget']),
  /** Status of new appointments. */
  appointmentStatus: v.optional(v.picklist(['confirmed', 'new']), 'confirmed'),
  /** Appointment title; `{{contact.name}}`, `{{contact.first_name}}`, `{{calendar.name}}` are filled in. */
  titleTemplate: v.optional(v.string(), '{{calendar.name}}: {{contact.name}}'),
  /** Phone field of the booking form. */
  phone: v.optional(v.picklist(['required', 'optional', 'hidden']), 'optional'),
  /** Notes field of the booking form. */
  notes: v.optional(v.picklist(['required', 'optional', 'hidden']), 'optional'),
  /** Consent text the visitor must accept, if any. */
  consent: v.optional(v.nullable(v.string()), null),
  /**
   * A page of this site that hosts the widget, where a booking's manage link leads (`?ghl-booking=<token>`): the
   * booking answer then carries `manageUrl`. Its origin must be one of `origins`. Default none (the token only).
   */
  manageUrl: v.optional(ManageUrl),
  /** Rules for changes through the link, over the calendar's own settings (see config/manage.ts). */
  manage: v.optional(ManageRules, {}),
  /** The contact's opportunity after a booking (see config/opportunity.ts). Default none. */
  opportunity: v.optional(OpportunitySettings),
  /** Per calendar, settings in place of `opportunity` (`null`: none for that calendar). Default none. */
  calendarOpportunities: v.optional(CalendarOpportunities),
})

/** Forwards a problem of the manage settings to the field it is about. */
const manageCheck = (path: 'manageUrl' | 'manage') =>
  v.forward<
    v.InferOutput<typeof SiteFields>,
    v.CheckIssue<v.InferOutput<typeof SiteFields>>,
    ['manageUrl'] | ['manage']
  >(
    v.check(
      (site) => manageSettingsProblem(site)?.path !== path,
      (issue) => manageSettingsProblem(issue.input)?.message ?? 'Invalid manage settings',
    ),
    [path],
  )

/** A calendar of `calendarOpportunities` must be one of the site's. */
const opportunityCheck = v.forward<
  v.InferOutput<typeof SiteFields>,
  v.CheckIssue<v.InferOutput<typeof SiteFields>>,
  ['calendarOpportunities']
>(
  v.check(
    (site) => unknownOpportunityCalendar(site) === undefined,
    (issue) => unknownOpportunityCalendar(issue.input) ?? 'Invalid calendarOpportunities',
  ),
  ['calendarOpportunities'],
)

/** One embedding site, as written in the sites file. */
export const Site = v.pipe(SiteFields, manageCheck('manageUrl'), manageCheck('manage'), opportunityCheck)
export type Site = v.InferOutput<typeof Site>
export type SiteInput = v.InferInput<typeof Site>

/** The sites file: a JSON list of sites with unique ids. */
export const SitesFile = v.pipe(
  v.array(Site),
  v.check((sites) => new Set(sites.map((s) => s.id)).size === sites.length, 'Site ids must be unique'),
)

/** Default limits when a site sets none. */
export const DEFAULT_RATE_LIMITS = {
  site: { limit: 600, windowSeconds: 60 },
  visitor: { limit: 60, windowSeconds: 60 },
} as const satisfies Record<string, RateLimitRule>

/**
 * Default booking quotas when a site sets none: 3 bookings per visitor IP in any hour, 2 per e-mail address in any
 * day. A person books one or two appointments at a time; a calendar booked out from one address is an attack.
 */
export const DEFAULT_BOOKING_QUOTAS = {
  visitor: { limit: 3, windowSeconds: 3_600 },
  email: { limit: 2, windowSeconds: 86_400 },
} as const satisfies Record<string, QuotaRule>

/** Looks sites up by id. */
export interface SiteRegistry {
  get(id: string): Site | undefined
  all(): readonly Site[]
}

/** Builds a registry from validated sites. */
export function createSiteRegistry(sites: readonly Site[]): SiteRegistry {
  const byId = new Map(sites.map((site) => [site.id, site]))
  return { get: (id) => byId.get(id), all: () => sites }
}
