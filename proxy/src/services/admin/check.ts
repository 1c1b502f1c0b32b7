/**
 * The builder's live check: asks the proxy's own calendar and slots routes exactly as a visitor's browser on the
 * given page origin would (same paths, same `Origin` header, through the whole app: site gate, limits, caches,
 * GHL), and reports what came back and whether that page could read it. A browser cannot send another page's
 * Origin, so the check runs here.
 */
import * as v from 'valibot'
import { routes, type ErrorCode } from '../../../../contract/schemas.ts'
import { addDays, localDate } from '../../time/zoned.ts'
import type { Clock } from '../../types.ts'

/** Days of slots the check asks for, from today in the calendar's zone: about what a widget shows first. */
export const CHECK_DAYS = 14

/** The check's query: which site and calendar, embedded on which page origin. */
export const CheckQuery = v.object({
  site: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  calendar: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  origin: v.pipe(
    v.string(),
    v.maxLength(200),
    v.regex(
      /^https?:\/\/[^/?#\s]+$/,
      'Expected an origin: scheme and host only, such as https://www.acme.com',
    ),
  ),
})
export type CheckQuery = v.InferOutput<typeof CheckQuery>

/** One route's answer as the page would get it. */
export interface Probe {
  status: number
  /** Whether the page's browser may read the answer (CORS allows its origin, or any). */
  readable: boolean
  /** The error's code and message (the widget's console line), when it failed. */
  code?: ErrorCode
  message?: string
}

/** What a visitor's widget on `origin` would get. */
export interface CheckResult {
  origin: string
  calendar: Probe & { name?: string; timeZone?: string }
  slots: Probe & { from: string; to: string; count?: number }
}

/** What {@link checkEmbed} needs. */
export interface CheckDeps {
  /** Answers a request as the proxy app does (`app.fetch`). */
  probe: (request: Request) => Response | Promise<Response>
  clock: Clock
}

/** Sends one GET as the page's browser would and reads the answer. */
async function ask(deps: CheckDeps, url: URL, origin: string) {
  const response = await deps.probe(new Request(url, { headers: { Origin: origin } }))
  const allowed = response.headers.get('Access-Control-Allow-Origin')
  const body = (await response.json().catch(() => ({}))) as Record<string, any>
  const probe: Probe = { status: response.status, readable: allowed === '*' || allowed === origin }
  if (!response.ok) {
    probe.code = body.error?.code
    probe.message = body.error?.message
  }
  return { probe, body }
}

/** Runs the check; `base` is the proxy's own URL (any will do: the request never leaves the process). */
export async function checkEmbed(deps: CheckDeps, query: CheckQuery, base: string): Promise<CheckResult> {
  const calendar = await ask(deps, new URL(routes.calendar(query.site, query.calendar), base), query.origin)
  // As the widget does, the slots are asked whatever the calendar answered; in the calendar's zone when known.
  const timeZone: string = calendar.probe.status === 200 ? calendar.body.timeZone : 'UTC'
  const from = localDate(deps.clock(), timeZone)
  const to = addDays(from, CHECK_DAYS - 1)
  const url = new URL(routes.slots(query.site, query.calendar), base)
  url.search = new URLSearchParams({ from, to, timeZone }).toString()
  const slots = await ask(deps, url, query.origin)
  return {
    origin: query.origin,
    calendar: {
      ...calendar.probe,
      ...(calendar.probe.status === 200 && { name: calendar.body.name, timeZone }),
    },
    slots: {
      ...slots.probe,
      from,
      to,
      ...(slots.probe.status === 200 && { count: slots.body.slots?.length ?? 0 }),
    },
  }
}
