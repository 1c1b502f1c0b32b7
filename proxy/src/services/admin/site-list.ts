/**
 * The sites file as the embed-code builder shows it: each site with its origins and its calendars, named as GHL
 * names them (through the calendar service, so cached like every visitor's read). A calendar GHL cannot read is
 * listed with the reason and the fix, the message a visitor's console would show, instead of failing the list.
 */
import type { ErrorCode } from '../../../../contract/schemas.ts'
import { toProxyError } from '../../errors.ts'
import type { Site, SiteRegistry } from '../../config/sites.ts'
import type { CalendarService } from '../../types.ts'

/** A calendar of a site: GHL's name for it, or why GHL could not give one. */
export interface CalendarEntry {
  id: string
  name?: string
  durationMinutes?: number
  timeZone?: string
  /** Why the widget cannot show this calendar: the code and message a visitor's widget would get. */
  problem?: { code: ErrorCode; message: string }
}

/** A site of the sites file, as the builder needs it (no token, nor the name of its variable). */
export interface SiteEntry {
  id: string
  locationId: string
  origins: readonly string[]
  calendars: CalendarEntry[]
}

/** One calendar's entry; never throws. */
async function describeCalendar(calendars: CalendarService, site: Site, id: string): Promise<CalendarEntry> {
  try {
    const { info } = await calendars.get(site, id)
    return { id, name: info.name, durationMinutes: info.durationMinutes, timeZone: info.timeZone }
  } catch (error) {
    // The same translation as a visitor's request gets: a message made by the proxy, never GHL's own words.
    const { code, message } = toProxyError(error)
    return { id, problem: { code, message } }
  }
}

/** Every site with its calendars, in the order of the sites file. */
export function listSites(sites: SiteRegistry, calendars: CalendarService): Promise<SiteEntry[]> {
  return Promise.all(
    sites.all().map(async (site) => ({
      id: site.id,
      locationId: site.locationId,
      origins: site.origins,
      calendars: await Promise.all(site.calendars.map((id) => describeCalendar(calendars, site, id))),
    })),
  )
}
