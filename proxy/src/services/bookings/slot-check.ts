/**
 * Whether a booking's start is a free slot, decided before anything of the booking reaches GHL: a start that is not
 * free costs no contact, no write and no cleared cache. The shared slot cache answers first (the day of the start in
 * the visitor's zone, as the widget read it); a start it does not hold is refused at once when that answer is
 * seconds old, and otherwise asked of GHL once, because the cache may be a minute old (or another instance's view
 * newer). That answer stands for the whole day of the location's zone for
 * `recheckMs`, so starts made up by the hundred cost one GHL read per day and not one each.
 */
import { LRUCache } from 'lru-cache'
import type { BookingRequest, CalendarInfo } from '../../../../contract/schemas.ts'
import { ProxyError } from '../../errors.ts'
import { ghlInstants } from '../../ghl/times.ts'
import type { GhlClient } from '../../ghl/types.ts'
import type { Site } from '../../config/sites.ts'
import { sameInstant } from '../../time/offset.ts'
import { addDays, localDate, startOfLocalDate } from '../../time/zoned.ts'
import type { Clock, SlotService } from '../../types.ts'

/** Options of {@link createSlotCheck}. */
export interface SlotCheckOptions {
  ghl: GhlClient
  /** The slot cache the slots route reads. */
  slots: SlotService
  /** How long GHL's answer for a day stands for further starts of that day, in ms. Default 30 000. */
  recheckMs?: number
  /**
   * How young the slot cache's answer must be to stand as GHL's own, in ms: a start it does not hold is refused
   * without asking GHL again. Default 10 000 (the widget that sent the start read the same cache moments ago).
   */
  trustMs?: number
  /** Most days remembered (per location and calendar). Default 10 000. */
  maxDays?: number
  /** Most bytes remembered. Default 4 MiB. */
  maxBytes?: number
  /** Default `Date.now`. */
  clock?: Clock
}

/** What the check reads of a request: a booking's, or a reschedule's with the appointment's calendar. */
export type SlotRequest = Pick<BookingRequest, 'calendarId' | 'start' | 'timeZone'>

/** See {@link createSlotCheck}. */
export interface SlotCheck {
  /**
   * Whether `request.start` is a free slot of its calendar. `info` is the calendar's (its zone and booking window).
   * Rejects with the slot service's or GHL's error when neither can answer.
   */
  isFree(site: Site, request: SlotRequest, info: CalendarInfo): Promise<boolean>
  /** Takes `start` out of GHL's remembered answer for its day: a booking took it (or GHL called it taken). */
  forget(site: Site, calendarId: string, start: string, zone: string): void
}

/** What a refresh asks GHL for one day of a calendar. */
interface DayQuery {
  site: Site
  calendarId: string
  /** The day's first and last millisecond in the location's zone. */
  fromMs: number
  toMs: number
  zone: string
}

/** Builds the check. */
export function createSlotCheck(options: SlotCheckOptions): SlotCheck {
  const { ghl, slots } = options
  const clock = options.clock ?? Date.now
  const trustMs = options.trustMs ?? 10_000
  // Free starts (epoch ms) of one location day of a calendar, as GHL last answered them.
  const days = new LRUCache<string, Set<number>, DayQuery>({
    max: options.maxDays ?? 10_000,
    maxSize: options.maxBytes ?? 4 * 1024 * 1024,
    sizeCalculation: (starts, key) => 64 + key.length * 2 + starts.size * 16,
    ttl: options.recheckMs ?? 30_000,
    ttlResolution: 0,
    perf: { now: clock },
    // fetch() shares one GHL read among concurrent checks of a day.
    async fetchMethod(_key, _stale, { context: day }) {
      const answer = await ghl.getFreeSlots(day.site.locationId, {
        calendarId: day.calendarId,
        startMs: day.fromMs,
        endMs: day.toMs,
        timeZone: day.zone,
      })
      const starts = new Set<number>()
      for (const list of Object.values(answer)) {
        for (const slot of list) {
          for (const ms of ghlInstants(slot, day.zone)) if (ms >= day.fromMs && ms <= day.toMs) starts.add(ms)
        }
      }
      return starts
    },
  })

  /** The location day of `startMs` as a cache key, with the query that refreshes it. */
  function dayOf(site: Site, calendarId: string, startMs: number, zone: string) {
    const day = localDate(startMs, zone)
    const query: DayQuery = {
      site,
      calendarId,
      fromMs: startOfLocalDate(day, zone),
      toMs: startOfLocalDate(addDays(day, 1), zone) - 1,
      zone,
    }
    return { key: `${site.locationId}|${calendarId}|${day}`, query }
  }

  return {
    async isFree(site, request, info) {
      const startMs = Date.parse(request.start)
      const now = clock()
      // Before now, or days past the booking window: nothing there is free, and nobody needs to be asked.
      if (!(startMs > now)) return false
      const day = localDate(startMs, request.timeZone)
      const lastDay = addDays(localDate(now, request.timeZone), info.bookingWindow.maxDaysAhead + 1)
      if (day > lastDay) return false

      let cached
      try {
        cached = await slots.get(site, request.calendarId, { from: day, to: day, timeZone: request.timeZone })
      } catch (error) {
        // A day the slot service does not serve (further ahead than it reads) offers nothing to book.
        if (error instanceof ProxyError && error.status === 400) return false
        throw error
      }
      if (cached.slots.some((slot) => sameInstant(slot.start, request.start))) return true
      if (!cached.stale && now - cached.loadedAt < trustMs) return false
      const { key, query } = dayOf(site, request.calendarId, startMs, info.timeZone)
      const fresh = await days.fetch(key, { context: query })
      return fresh?.has(startMs) ?? false
    },

    forget(site, calendarId, start, zone) {
      const startMs = Date.parse(start)
      // Not delete(): that would abort a read of the day in flight, failing the checks that wait for it.
      days.peek(dayOf(site, calendarId, startMs, zone).key)?.delete(startMs)
    },
  }
}
