/**
 * Configuration of the manage links: where a site's link goes and its rules (sites file), and the secrets that sign
 * the tokens (environment). Without `MANAGE_SECRET` the feature is off: bookings carry no token and the manage
 * routes answer 404.
 */
import * as v from 'valibot'

/** The URL, or undefined when it does not parse (`URL.canParse` is missing from some runtimes' types). */
function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url)
  } catch {
    return undefined
  }
}

/** The environment variable holding the secret that signs manage tokens. */
export const MANAGE_SECRET_ENV = 'MANAGE_SECRET'
/** The environment variable holding the secret of before a rotation, still accepted. */
export const MANAGE_SECRET_PREVIOUS_ENV = 'MANAGE_SECRET_PREVIOUS'

/** A signing secret: long enough not to be guessed, visible ASCII so it survives every way of setting a variable. */
export const ManageSecret = v.pipe(
  v.string(),
  v.regex(
    /^[\x21-\x7e]{32,512}$/,
    'Expected 32 to 512 visible ASCII characters (for example from `openssl rand -base64 32`)',
  ),
)

/** The secrets the proxy signs and checks manage tokens with. */
export interface ManageSecrets {
  /** Signs every new token; checks tokens. */
  secret: string
  /** Checks tokens signed before a rotation; signs none. */
  previousSecret?: string
}

/**
 * A site's rules for changes through the link, each over the calendar's own setting in GHL when given:
 * `reschedule` over `allowReschedule`, `cancel` over `allowCancellation`, `minNoticeHours` over the calendar's
 * minimum scheduling notice (`allowBookingAfter`), which otherwise also bounds how late a booking may change.
 * `linkField` is the id of a contact custom field of the site's location that receives the link after every
 * booking and reschedule, for GHL's e-mails and workflows (`{{contact.<field key>}}`).
 */
export const ManageRules = v.object({
  reschedule: v.optional(v.boolean()),
  cancel: v.optional(v.boolean()),
  minNoticeHours: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(8_760, 'At most a year (8760)'))),
  linkField: v.optional(
    v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'Expected the id of a GHL custom field')),
  ),
})
export type ManageRules = v.InferOutput<typeof ManageRules>

/** A page of the site that hosts the widget, where a booking's link leads (with `?ghl-booking=<token>`). */
export const ManageUrl = v.pipe(
  v.string(),
  v.url('Expected the URL of a page of the site, such as https://www.acme.com/booking'),
  v.regex(/^https?:\/\//, 'Expected an http or https URL'),
  v.check((url) => !parseUrl(url)?.hash, 'Expected a URL without a #fragment'),
)

/** The problem with a site's manage settings, or undefined: the link's page must be allowed to call the proxy. */
export function manageSettingsProblem(site: {
  origins: readonly string[]
  manageUrl?: string
  manage: ManageRules
}): { path: 'manageUrl' | 'manage'; message: string } | undefined {
  // A URL that does not parse has its own issue; the origin is only compared once it does.
  const url = site.manageUrl ? parseUrl(site.manageUrl) : undefined
  if (url) {
    const origin = url.origin
    if (!site.origins.includes(origin)) {
      return {
        path: 'manageUrl',
        message: `The page's origin ${origin} must be one of the site's "origins": the widget on it calls the proxy from there`,
      }
    }
  }
  if (site.manage.linkField && !site.manageUrl) {
    return { path: 'manage', message: 'manage.linkField needs a manageUrl: the link is that page' }
  }
  return undefined
}

/**
 * The secrets from the validated variables, or undefined when `MANAGE_SECRET` is unset (the feature is off). Throws
 * an Error naming the variable when the two do not make a rotation; never quotes a value.
 */
export function manageSecrets(env: {
  MANAGE_SECRET?: string
  MANAGE_SECRET_PREVIOUS?: string
}): ManageSecrets | undefined {
  const { MANAGE_SECRET: secret, MANAGE_SECRET_PREVIOUS: previousSecret } = env
  if (!secret) {
    if (previousSecret) {
      throw new Error(
        `${MANAGE_SECRET_PREVIOUS_ENV} is set without ${MANAGE_SECRET_ENV}: put the new secret in ${MANAGE_SECRET_ENV}`,
      )
    }
    return undefined
  }
  if (previousSecret === secret) {
    throw new Error(
      `${MANAGE_SECRET_PREVIOUS_ENV} is the same as ${MANAGE_SECRET_ENV}: it must be the old one`,
    )
  }
  return { secret, ...(previousSecret && { previousSecret }) }
}
