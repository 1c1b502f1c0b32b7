/**
 * Refusals the site owner causes, not the visitor: a page origin, a site id or a calendar id the sites file does
 * not list, or a listed calendar GHL does not know. Trying again never helps, so their messages say exactly what
 * to change: the widget writes them to the page's console, where the owner looks first. They quote only values
 * the request itself sent (never a token, never the site's other origins), cut to a bounded length.
 */
import { ProxyError } from './errors.ts'

/** The longest value a message or a log line quotes: visitors choose them. */
export const MAX_QUOTED_LENGTH = 200

/** What was refused: the site id as requested, and the origin or the calendar id the site does not allow. */
export interface Refused {
  site: string
  origin?: string
  calendar?: string
}

/** The codes of refusals. */
export type RefusalCode = 'origin_not_allowed' | 'unknown_site' | 'unknown_calendar'

/** A {@link ProxyError} caused by the configuration; `refused` names the values, each cut to a safe length. */
export class Refusal extends ProxyError {
  readonly refused: Refused

  constructor(
    status: 403 | 404,
    code: RefusalCode,
    message: string,
    refused: Refused,
    headers?: Record<string, string>,
  ) {
    super(status, code, message, { headers })
    this.name = 'Refusal'
    this.refused = refused
  }
}

/** `value`, or its first {@link MAX_QUOTED_LENGTH} characters and an ellipsis. */
export const quoted = (value: string): string =>
  value.length > MAX_QUOTED_LENGTH ? `${value.slice(0, MAX_QUOTED_LENGTH)}…` : value

const RESTART = 'then restart the proxy'

/** 404 `unknown_site`: no site of the sites file has this id. */
export function unknownSite(siteId: string): Refusal {
  const site = quoted(siteId)
  return new Refusal(
    404,
    'unknown_site',
    `There is no site "${site}" in the proxy's sites file: data-site must be the "id" of a site there.`,
    { site },
  )
}

/** 403 `origin_not_allowed`: the site does not list the page's origin. */
export function originNotAllowed(siteId: string, pageOrigin: string): Refusal {
  const site = quoted(siteId)
  const origin = quoted(pageOrigin)
  return new Refusal(
    403,
    'origin_not_allowed',
    `The page origin ${origin} is not allowed for site "${site}": add "${origin}" to that site's "origins" in the sites file, ${RESTART}.`,
    { site, origin },
    // The answer depends on the origin, so a cache must not hand it to another page.
    { Vary: 'Origin' },
  )
}

/** 404 `unknown_calendar`: the site does not list the calendar id. */
export function calendarNotListed(siteId: string, calendarId: string): Refusal {
  const site = quoted(siteId)
  const calendar = quoted(calendarId)
  return new Refusal(
    404,
    'unknown_calendar',
    `Site "${site}" does not list the calendar "${calendar}": check data-calendar, or add the id to that site's "calendars" in the sites file, ${RESTART}.`,
    { site, calendar },
  )
}

/** 404 `unknown_calendar`: a listed calendar GHL does not know in the site's location (`status`: GHL's answer). */
export function calendarNotInGhl(siteId: string, calendarId: string, status: number): Refusal {
  const site = quoted(siteId)
  const calendar = quoted(calendarId)
  return new Refusal(
    404,
    'unknown_calendar',
    `GHL does not know the calendar "${calendar}" of site "${site}" (GHL answered ${status}): compare the id with the calendar's settings in GHL and fix it in that site's "calendars", ${RESTART}.`,
    { site, calendar },
  )
}

/** 404 `unknown_calendar`: a listed calendar that belongs to another GHL location than the site's. */
export function calendarOfOtherLocation(siteId: string, calendarId: string): Refusal {
  const site = quoted(siteId)
  const calendar = quoted(calendarId)
  return new Refusal(
    404,
    'unknown_calendar',
    `The calendar "${calendar}" of site "${site}" belongs to another GHL location than the site's "locationId": check both in the sites file, ${RESTART}.`,
    { site, calendar },
  )
}
