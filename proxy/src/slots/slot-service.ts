/**
 * Free slots, cached per calendar and fixed window of the location's zone (calendar months), then filtered
 * per request by the visitor's local dates. Cache keys never depend on the visitor's zone, so every visitor
 * of a calendar shares the same entries and GHL sees one request per window and TTL.
 */
import { LRUCache } from 'lru-cache'
import { daysInRange, type Slot, type SlotsQuery } from '../contract.ts'
import { createSwrCache, type SwrCacheOptions } from '../cache/swr-cache.ts'
import { ProxyError } from '../errors.ts'
import { calendarNotListed } from '../refusals.ts'
import type { GhlClient } from '../ghl/types.ts'
import { addDays, localDate, monthWindows, startOfLocalDate } from '../time/zoned.ts'
import type { Site } from '../sites.ts'
import type { CalendarService, Clock, SlotService } from '../types.ts'
import { fixedWindows, parseWindow, slotsBetween, type TimedSlot } from './windows.ts'

/** Options of {@link createSlotService}. */
export interface SlotServiceOptions {
  ghl: GhlClient
  /** Gives each calendar's slot duration and the location's zone. */
  calendars: CalendarService
  /** How long a window's slots are fresh, in ms. Default 60 000. */
  ttlMs?: number
  /** How long past the TTL a window is served while it reloads, in ms. Default 30 000. */
  staleWhileRevalidateMs?: number
  /** How long past the TTL a window may stand in, marked stale, when GHL fails, in ms. Default 1 hour. */
  staleIfErrorMs?: number
  /** Most windows cached. Default 5 000. */
  maxEntries?: number
  /** Most bytes cached. Default 32 MiB. */
  maxBytes?: number
  /** Most answers remembered per query (see {@link createSlotService}). Default 10 000. */
  maxAnswers?: number
  /** How far ahead of today a range may start, in days. Default 400. */
  maxDaysAhead?: number
  /** Default `Date.now`. */
  clock?: Clock
}

/** An answer and what it was built from: it holds while those windows are the cache's fresh entries. */
interface Answer {
  result: { slots: Slot[]; stale: boolean }
  windows: { key: string; value: readonly TimedSlot[] }[]
  /** When the answer would change with time alone: a slot starts, or the visitor's day ends. */
  validUntil: number
}

const invalid = (path: 'from' | 'to', message: string) =>
  new ProxyError(400, 'invalid_request', message, { issues: [{ path, message }] })

/**
 * Builds the slot service. A query asked again while its windows are unchanged gets the very same result
 * object back, without date math or filtering; a window reload or {@link SlotService.invalidate} replaces the
 * window's entry, so the next read rebuilds the answer. Callers may key derived data (a response body) on it.
 */
export function createSlotService(options: SlotServiceOptions): SlotService {
  const { ghl, calendars } = options
  const clock = options.clock ?? Date.now
  const maxDaysAhead = options.maxDaysAhead ?? 400
  const cacheOptions: SwrCacheOptions<TimedSlot[]> = {
    ttlMs: options.ttlMs ?? 60_000,
    staleWhileRevalidateMs: options.staleWhileRevalidateMs ?? 30_000,
    staleIfErrorMs: options.staleIfErrorMs ?? 3_600_000,
    maxEntries: options.maxEntries ?? 5_000,
    maxBytes: options.maxBytes,
    // Two strings of about 25 characters and a number per slot.
    sizeOf: (slots) => 64 + slots.length * 120,
    clock,
  }
  const cache = createSwrCache<TimedSlot[]>(cacheOptions)
  // The keys each calendar has used, so invalidate() reaches entries that are reloading too.
  const keysByCalendar = new Map<string, Set<string>>()
  const answers = new LRUCache<string, Answer>({ max: options.maxAnswers ?? 10_000 })

  const answerKeyOf = (site: Site, calendarId: string, query: SlotsQuery) =>
    `${site.locationId}|${calendarId}|${query.from}|${query.to}|${query.timeZone}`

  /** The remembered answer, while it holds. */
  function heldAnswer(answerKey: string): Answer['result'] | undefined {
    const known = answers.get(answerKey)
    if (!known || clock() >= known.validUntil) return undefined
    for (const window of known.windows) if (cache.peekFresh(window.key) !== window.value) return undefined
    return known.result
  }

  return {
    peek(site, calendarId, query) {
      if (!site.calendars.includes(calendarId)) return undefined
      return heldAnswer(answerKeyOf(site, calendarId, query))
    },

    async get(site, calendarId, query) {
      if (!site.calendars.includes(calendarId)) throw calendarNotListed(site.id, calendarId)
      const answerKey = answerKeyOf(site, calendarId, query)
      const held = heldAnswer(answerKey)
      if (held) return held
      // Bounding the dates bounds the windows (and so the cache keys) one calendar can create.
      const today = localDate(clock(), query.timeZone)
      if (query.to < addDays(today, -1)) throw invalid('to', 'The range lies in the past')
      if (daysInRange(today, query.from) > maxDaysAhead + 1) {
        throw invalid('from', `The range may start at most ${maxDaysAhead} days ahead`)
      }
      const { info } = await calendars.get(site, calendarId)
      const fromMs = startOfLocalDate(query.from, query.timeZone)
      const toMs = startOfLocalDate(addDays(query.to, 1), query.timeZone)
      const windows = fixedWindows(monthWindows(fromMs, toMs, info.timeZone))

      let keys = keysByCalendar.get(calendarId)
      if (!keys) keysByCalendar.set(calendarId, (keys = new Set()))
      const reads = await Promise.all(
        windows.map((window) => {
          const key = `${site.locationId}|${calendarId}|${window.startMs}`
          keys.add(key)
          // Parsed once per load, so a cached read only slices the sorted list.
          return cache.get(key, async () =>
            parseWindow(
              await ghl.getFreeSlots(site.locationId, {
                calendarId,
                startMs: window.startMs,
                endMs: window.endMs - 1,
                timeZone: info.timeZone,
              }),
              info.durationMinutes,
            ),
          )
        }),
      )

      // A slot that began since the window was cached is no longer bookable.
      const notBefore = Math.max(fromMs, clock())
      const slots: Slot[] = []
      for (const { value } of reads) {
        for (const slot of slotsBetween(value, notBefore, toMs))
          slots.push({ start: slot.start, end: slot.end })
      }
      const result = { slots, stale: reads.some((read) => read.stale) }
      // Only answers built from fresh windows are kept; the rest are rebuilt until the windows reload.
      const built = windows.map((window, i) => ({
        key: `${site.locationId}|${calendarId}|${window.startMs}`,
        value: reads[i]!.value,
      }))
      if (built.every((window) => cache.peekFresh(window.key) === window.value)) {
        const nextDay = startOfLocalDate(addDays(today, 1), query.timeZone)
        const firstStart = slots.length ? Date.parse(slots[0]!.start) + 1 : Infinity
        answers.set(answerKey, { result, windows: built, validUntil: Math.min(nextDay, firstStart) })
      }
      return result
    },

    invalidate(calendarId) {
      for (const key of keysByCalendar.get(calendarId) ?? []) cache.delete(key)
      keysByCalendar.delete(calendarId)
    },
  }
}
