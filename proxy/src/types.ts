/** Types shared by the proxy's parts: the Hono environment and the services the routes call. */
import type { CalendarInfo, Slot, SlotsQuery } from '../../contract/schemas.ts'
import type { GhlCalendar } from './ghl/types.ts'
import type { Site } from './config/sites.ts'
import type { SlotsBody } from './services/slots/slots-body.ts'

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

/** Hands work that must outlive a request's answer to the runtime, as `ExecutionContext.waitUntil` does. */
export type WaitUntil = (work: Promise<unknown>) => void

/**
 * What a read needs of the request it serves. The services are built once and serve every request, so what
 * belongs to one request comes with each call.
 */
export interface ReadContext {
  /**
   * Where loads go that may outlive the answer (a reload behind a stale answer, one that outlives the read's
   * deadline): an edge runtime ends a request's work with its answer unless told. Default nowhere: a long-lived
   * process (Node, Deno, Bun) keeps them running by itself.
   */
  waitUntil?: WaitUntil
}

/** Calendar details, cached. */
export interface CalendarService {
  /** The calendar as the widget sees it, with the GHL settings behind it. Throws ProxyError. */
  get(
    site: Site,
    calendarId: string,
    context?: ReadContext,
  ): Promise<{ info: CalendarInfo; ghl: GhlCalendar }>
  /** Drops what is cached of a location's calendars (an uninstalled app), so their next read asks GHL. */
  forget?(locationId: string, calendarIds: readonly string[]): void
}

/** A slots read: the slots, whether GHL failed and older slots stand in, and when the oldest of them was loaded. */
export interface SlotsAnswer {
  slots: Slot[]
  stale: boolean
  /** Epoch ms: the slots are GHL's answer as of then (the oldest window read). */
  loadedAt: number
}

/** A slots read as the route sends it: the serialized answer, and whether older slots stand in for it. */
export interface SlotsReply {
  body: SlotsBody
  stale: boolean
}

/** Free slots, cached per calendar window and filtered per visitor zone: what bookings and webhooks need of them. */
export interface SlotService {
  /** The calendar's free slots whose start falls in `query.from`..`query.to` of `query.timeZone`. Throws ProxyError. */
  get(site: Site, calendarId: string, query: SlotsQuery, context?: ReadContext): Promise<SlotsAnswer>
  /**
   * Drops every cached window and answer of the calendar, so the next read asks GHL. Shared between instances, it
   * may resolve once the others can see the change (see stores/invalidation.ts): callers await it.
   */
  invalidate(calendarId: string): void | Promise<void>
}

/** The slot service as the slots route reads it: answers serialized, and remembered per query. */
export interface SlotReplies extends SlotService {
  /** What `get` answers, serialized: the same reply object while the windows behind it are unchanged. */
  reply(site: Site, calendarId: string, query: SlotsQuery, context?: ReadContext): Promise<SlotsReply>
  /**
   * What `reply` would answer, when it can answer without waiting (the same reply object); else undefined.
   * Optional: without it every read goes through `reply`.
   */
  peek?(site: Site, calendarId: string, query: SlotsQuery): SlotsReply | undefined
}
