/** The widget's configuration: read from data attributes or JS options, validated once at the trust boundary. */
import * as v from 'valibot'
import { TimeZone } from '../../proxy/src/contract.ts'
import { DATA_ATTRIBUTES } from './surface.ts'

const text = (max: number) =>
  v.pipe(v.string(), v.trim(), v.maxLength(max, `must be at most ${max} characters`))
const required = v.pipe(text(64), v.minLength(1, 'is required'))
const flag = v.pipe(
  v.union([v.boolean(), v.string()]),
  v.transform((x) => x !== false && x !== 'false'),
)
const httpUrl = (what: string) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.check((s) => {
      try {
        return /^https?:$/.test(new URL(s).protocol)
      } catch {
        return false
      }
    }, `must be an http(s) URL ${what}`),
  )
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']

/** The validated configuration of one widget. */
export const Config = v.object({
  site: required,
  calendar: required,
  /** Base URL of the proxy, without a trailing slash. */
  proxy: v.pipe(
    httpUrl('such as https://booking.example.com'),
    v.transform((s) => s.replace(/\/+$/, '')),
  ),
  /** A BCP 47 tag; the browser's language when absent. */
  locale: v.optional(
    v.pipe(
      v.string(),
      v.check((s) => {
        try {
          return Intl.DateTimeFormat.supportedLocalesOf(s).length > 0
        } catch {
          return false
        }
      }, 'must be a language tag such as en-US or de'),
    ),
  ),
  timeZone: v.optional(v.union([v.literal('auto'), TimeZone], 'must be auto or an IANA time zone'), 'auto'),
  lockTimeZone: v.optional(flag, false),
  hourCycle: v.optional(v.picklist(['h12', 'h23'], 'must be h12 or h23')),
  /** First day of the week, 0 = Sunday; the locale's when absent. */
  weekStart: v.optional(
    v.pipe(
      v.string(),
      v.toLowerCase(),
      v.check((s) => /^[0-6]$/.test(s) || WEEKDAYS.includes(s), 'must be 0-6 or a weekday name'),
      v.transform((s) => (/^\d$/.test(s) ? Number(s) : WEEKDAYS.indexOf(s))),
    ),
  ),
  theme: v.optional(v.picklist(['light', 'dark', 'auto'], 'must be light, dark or auto'), 'light'),
  accent: v.optional(
    v.pipe(
      v.string(),
      v.check((s) => CSS.supports('color', s), 'must be a CSS color'),
    ),
  ),
  prefillFirstName: v.optional(text(80)),
  prefillLastName: v.optional(text(80)),
  prefillEmail: v.optional(text(254)),
  prefillPhone: v.optional(text(40)),
  redirect: v.optional(httpUrl('such as https://example.com/thanks')),
  mode: v.optional(v.picklist(['inline', 'popup'], 'must be inline or popup'), 'inline'),
  buttonText: v.optional(text(80)),
  /** Selector of the element the script tag's widget renders in. */
  target: v.optional(
    v.pipe(
      v.string(),
      v.check((s) => {
        try {
          return document.querySelector(s) !== null
        } catch {
          return false
        }
      }, 'matches no element'),
    ),
  ),
})
export type Config = v.InferOutput<typeof Config>

/** Options of `GHLBooking.mount()`: any data attribute in camelCase (`timeZone` for `data-time-zone`). */
export type MountOptions = Partial<Record<CamelKey, string | boolean | number>> & {
  /** Opens the redirect URL; `location.assign` by default. Tests and single-page apps replace it. */
  navigate?: (url: string) => void
}
type CamelKey = keyof v.InferInput<typeof Config>

const camel = (name: string) => name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())
const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)

/** The widget's data attributes present on an element, as camelCase options. */
export function readAttributes(element: Element): MountOptions {
  const options: Record<string, string> = {}
  for (const name of DATA_ATTRIBUTES) {
    const value = element.getAttribute(`data-${name}`)
    if (value !== null) options[camel(name)] = value
  }
  return options
}

/** Either a configuration or one message per bad attribute, each naming it (`data-calendar is required`). */
export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] }

/** Validates options (numbers become strings, so `weekStart: 1` works) over the default proxy URL. */
export function parseConfig(options: MountOptions, defaultProxy: string): ConfigResult {
  const input: Record<string, unknown> = { proxy: defaultProxy }
  for (const [key, value] of Object.entries(options)) {
    if (key !== 'navigate' && value !== undefined)
      input[key] = typeof value === 'number' ? String(value) : value
  }
  const result = v.safeParse(Config, input)
  if (result.success) return { ok: true, config: result.output }
  return {
    ok: false,
    errors: result.issues.map((issue) => {
      const key = issue.path?.[0]?.key
      const got = typeof issue.input === 'string' ? ` (got "${issue.input}")` : ''
      return `data-${kebab(String(key))} ${issue.input === undefined ? 'is required' : issue.message}${got}`
    }),
  }
}
