/** The widget's configuration: read from data attributes or JS options, validated once at the trust boundary. */
import * as v from 'valibot'

const text = v.optional(v.pipe(v.string(), v.trim(), v.maxLength(254)))
const required = v.pipe(v.string(), v.trim(), v.minLength(1, 'is required'), v.maxLength(64))
const valid = (test: (s: string) => unknown, message: string) =>
  v.pipe(
    v.string(),
    v.check((s) => {
      try {
        return !!test(s)
      } catch {
        return false
      }
    }, message),
  )
/** One of `options` (as valibot's picklist, which would add its type-name machinery to the bundle). */
const oneOf = <const T extends string>(options: readonly T[], message = `must be ${options.join(' or ')}`) =>
  valid((s) => options.includes(s as T), message) as unknown as v.GenericSchema<string, T>
const httpUrl = valid((s) => /^https?:$/.test(new URL(s).protocol), 'must be an http(s) URL')

/** The validated configuration of one widget; each key is a data attribute in camelCase. */
export const Config = v.object({
  site: required,
  calendar: required,
  /** Base URL of the proxy; default: the script's origin. */
  proxy: httpUrl,
  /** A BCP 47 tag; the browser's language when absent. */
  locale: v.optional(
    valid((s) => Intl.DateTimeFormat.supportedLocalesOf(s).length, 'must be a language tag'),
  ),
  // Intl throws for a zone it does not know, as in the contract's TimeZone; `valid` turns that into the message.
  timeZone: v.optional(
    valid(
      (s) => s === 'auto' || new Intl.DateTimeFormat('en', { timeZone: s }),
      'must be auto or an IANA time zone',
    ),
    'auto',
  ),
  /** Present (and not "false") to hide the zone picker: `parseConfig` reads the attribute as a boolean. */
  lockTimeZone: v.optional(v.boolean()),
  hourCycle: v.optional(oneOf(['h12', 'h23'])),
  /** First day of the week, `'0'` = Sunday … `'6'` = Saturday; the locale's when absent. */
  weekStart: v.optional(oneOf(['0', '1', '2', '3', '4', '5', '6'], 'must be 0 (Sunday) to 6')),
  theme: v.optional(oneOf(['light', 'dark', 'auto']), 'light'),
  accent: v.optional(valid((s) => CSS.supports('color', s), 'must be a CSS color')),
  prefillFirstName: text,
  prefillLastName: text,
  prefillEmail: text,
  prefillPhone: text,
  /** Where to send the visitor after booking, with the booking's details in the query. */
  redirect: v.optional(httpUrl),
  mode: v.optional(oneOf(['inline', 'popup']), 'inline'),
  buttonText: text,
  /**
   * What happens after booking, in the site's words, shown on the confirmation ("We will call you the day
   * before."); default: a confirmation e-mail is on its way. Later a site field in the proxy's sites file.
   */
  confirmationText: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(500))),
  /** Selector of the element the script tag's widget renders in; default: a box right after the script. */
  target: v.optional(valid((s) => document.querySelector(s), 'matches no element')),
})
export type Config = v.InferOutput<typeof Config>

/** Options of `GHLBooking.mount()`: any data attribute in camelCase (`timeZone` for `data-time-zone`). */
export type MountOptions = Partial<Record<keyof Config, string | boolean | number>> & {
  /** Opens the redirect URL; `location.assign` by default. Tests and single-page apps replace it. */
  navigate?: (url: string) => void
  /** The clock, epoch ms: "today", the bookable days and the times shown follow it. Default `Date.now`. */
  now?: () => number
}

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)

/** The widget's data attributes present on an element, as camelCase options. */
export function readAttributes(element: HTMLElement): MountOptions {
  const options: Record<string, string> = {}
  for (const key in Config.entries) {
    const value = element.dataset[key]
    if (value !== undefined) options[key] = value
  }
  return options
}

/** Either a configuration or one message per bad attribute, each naming it (`data-calendar is required`). */
export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] }

/** Validates options (numbers become strings, so `weekStart: 1` works) over the default proxy URL. */
export function parseConfig(options: MountOptions, defaultProxy: string): ConfigResult {
  const input: Record<string, unknown> = { proxy: defaultProxy }
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined)
      input[key] =
        key === 'lockTimeZone'
          ? value !== false && value !== 'false'
          : typeof value === 'number'
            ? String(value)
            : value
  }
  const result = v.safeParse(Config, input)
  return result.success
    ? { ok: true, config: result.output }
    : {
        ok: false,
        errors: result.issues.map(
          (issue) =>
            `data-${kebab(String(issue.path?.[0]?.key))} ${
              issue.input === undefined ? 'is required' : `${issue.message} (got "${issue.input}")`
            }`,
        ),
      }
}
