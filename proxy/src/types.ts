/** Types shared by the proxy's parts: the Hono environment and the services the routes call. */
import type { CalendarInfo, Slot, SlotsQuery } from '../../contract/schemas.ts'
import type { GhlCalendar } from './ghl/types.ts'
import type { Site } from './config/sites.ts'

/** Milliseconds since the epoch; injected so tests control time. */
export type Clock = () => number

/** Variables that middleware sets on the Hono context for the routes behind it. */
export type AppEnv = {
  Variables: {
    /** The site of a `/v1/sites/:site/...` request, set once the site is known. */
    site: Site
    /** Set by Hono's request-id middleware on every request (also sent as `X-Request-Id`). */
    requestId: string
  }
}

/** Calendar details, cached. */
export interface CalendarService {
  /** The calendar as the widget sees it, with the GHL settings behind it. Throws ProxyError. */
  get(site: Site, calendarId: string): Promise<{ info: CalendarInfo; ghl: GhlCalendar }>
}

/** A slots read: the slots, whether GHL failed and older slots stand in, and when the oldest of them was loaded. */
export interface SlotsAnswer {
  slots: Slot[]
  stale: boolean
  /** Epoch ms: the slots are GHL's answer as of then (the oldest window read). */
  loadedAt: number
}

/** Free slots, cached per calendar window and filtered per visitor zone. */
export interface SlotService {
  /** The calendar's free slots whose start falls in `query.from`..`query.to` of `query.timeZone`. Throws ProxyError. */
  get(site: Site, calendarId: string, query: SlotsQuery): Promise<SlotsAnswer>
  /**
   * What `get` would answer, when it can answer without waiting (the same result object); else undefined.
   * Optional: without it every read goes through `get`.
   */
  peek?(site: Site, calendarId: string, query: SlotsQuery): SlotsAnswer | undefined
  /** Drops every cached window of the calendar, so the next read asks GHL. */
  invalidate(calendarId: string): void
}
