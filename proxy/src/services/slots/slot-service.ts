/**
 * Free slots, cached per calendar and fixed window of the location's zone (calendar months), then filtered
 * per request by the visitor's local dates. Cache keys never depend on the visitor's zone, so every visitor
 * of a calendar shares the same entries and GHL sees one request per window and TTL.
 */
import { LRUCache } from 'lru-cache'
import { daysInRange, type Slot, type SlotsQuery } from '../../../../contract/schemas.ts'
import { arrayBytes, LRU_ENTRY_BYTES, NUMBER_BYTES, objectBytes, stringBytes } from '../../cache/sizes.ts'
import { createSwrCache, type SwrCacheOptions } from '../../cache/swr-cache.ts'
import { ProxyError } from '../../errors.ts'
import { calendarNotListed } from '../../refusals.ts'
import type { GhlClient } from '../../ghl/types.ts'
import { addDays, localDate, monthWindows, startOfLocalDate } from '../../time/zoned.ts'
import type { Site } from '../../config/sites.ts'
import type { CalendarService, Clock, SlotService, SlotsAnswer } from '../../types.ts'
import { fixedWindows, parseWindow, slotsBetween, windowBytes, type SlotWindow } from './windows.ts'

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
  /** Most bytes of windows cached (see cache/sizes.ts). Default 24 MiB. */
  maxBytes?: number
  /** Most answers remembered per query (see {@link createSlotService}). Default 10 000. */
  maxAnswers?: number
  /**
   * Most bytes of remembered answers. Each distinct query (dates, zone) is an answer, so this is what a flood of
   * distinct valid queries can fill; an answer counts its slots in full, since it may outlive its windows.
   * Default 16 MiB.
   */
  maxAnswerBytes?: number
  /** How far ahead of today a range may start, in days. Default 400. */
  maxDaysAhead?: number
  /**
   * How long a read waits for a window's reload before it answers with the window it holds, marked stale, when
   * that window is past the revalidate window (see {@link SwrCacheOptions.staleAfterMs}), in ms. Default 500.
   */
  staleAfterMs?: number
  /** Default `Date.now`. */
  clock?: Clock
}

/** A cached window and the load it came from, so an answer can name the load without holding the window. */
interface LoadedWindow extends SlotWindow {
  load: number
}

/** An answer and what it was built from: it holds while those loads are the cache's fresh entries. */
interface Answer {
  result: SlotsAnswer
  windows: { key: string; load: number }[]
  /** When the answer would change with time alone: a slot starts, or the visitor's day ends. */
  validUntil: number
}

/** What an answer holds in bytes (see cache/sizes.ts): its slots in full, as it may be their last holder. */
function answerBytes(answer: Answer, key: string): number {
  let bytes = LRU_ENTRY_BYTES + stringBytes(key) + objectBytes(3) + NUMBER_BYTES + objectBytes(2)
  bytes += arrayBytes(answer.result.slots.length) + arrayBytes(answer.windows.length)
  for (const slot of answer.result.slots)
    bytes += objectBytes(2) + stringBytes(slot.start) + stringBytes(slot.end)
  for (const window of answer.windows) bytes += objectBytes(2) + stringBytes(window.key)
  return bytes
}

/** Past windows are never asked for again: a range may not end before yesterday. */
const PAST_MS = 2 * 86_400_000

/** The slot service, and the bytes its caches hold. */
export interface CachedSlotService extends SlotService {
  /** Bytes held, as counted: the windows, and the remembered answers. */
  readonly bytes: { windows: number; answers: number }
}

const invalid = (path: 'from' | 'to', message: string) =>
  new ProxyError(400, 'invalid_request', message, { issues: [{ path, message }] })

/**
 * Builds the slot service. A query asked again while its windows are unchanged gets the very same result
 * object back, without date math or filtering; a window reload or {@link SlotService.invalidate} replaces the
 * window's entry, so the next read rebuilds the answer. Callers may key derived data (a response body) on it.
 */
export function createSlotService(options: SlotServiceOptions): CachedSlotService {
  const { ghl, calendars } = options
  const clock = options.clock ?? Date.now
  const maxDaysAhead = options.maxDaysAhead ?? 400
  const cache = createSwrCache<LoadedWindow>({
    ttlMs: options.ttlMs ?? 60_000,
    staleWhileRevalidateMs: options.staleWhileRevalidateMs ?? 30_000,
    staleIfErrorMs: options.staleIfErrorMs ?? 3_600_000,
    staleAfterMs: options.staleAfterMs,
    maxEntries: options.maxEntries ?? 5_000,
    maxBytes: options.maxBytes ?? 24 * 1024 * 1024,
    sizeOf: (window) => windowBytes(window) + NUMBER_BYTES,
    clock,
  })
  let loads = 0
  // The window keys each calendar has used and when their windows end, so invalidate() reaches entries that are
  // reloading too. Calendars are the sites file's; keys per calendar are the months within the range bounds.
  const keysByCalendar = new Map<string, Map<string, number>>()
  const answers = new LRUCache<string, Answer>({
    max: options.maxAnswers ?? 10_000,
    maxSize: options.maxAnswerBytes ?? 16 * 1024 * 1024,
    sizeCalculation: answerBytes,
  })

  const answerKeyOf = (site: Site, calendarId: string, query: SlotsQuery) =>
    `${site.locationId}|${calendarId}|${query.from}|${query.to}|${query.timeZone}`

  /** The remembered answer, while it holds. */
  function heldAnswer(answerKey: string): Answer['result'] | undefined {
    const known = answers.get(answerKey)
    if (!known || clock() >= known.validUntil) return undefined
    for (const window of known.windows)
      if (cache.peekFresh(window.key)?.load !== window.load) return undefined
    return known.result
  }

  return {
    get bytes() {
      return { windows: cache.bytes, answers: answers.calculatedSize }
    },
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
      if (!keys) keysByCalendar.set(calendarId, (keys = new Map()))
      for (const [key, endMs] of keys) if (endMs < clock() - PAST_MS) keys.delete(key)
      const windowKeys = windows.map((window) => `${site.locationId}|${calendarId}|${window.startMs}`)
      const reads = await Promise.all(
        windows.map((window, i) => {
          keys.set(windowKeys[i]!, window.endMs)
          // Parsed once per load, so a cached read only slices the sorted list.
          return cache.get(windowKeys[i]!, async () => ({
            ...parseWindow(
              await ghl.getFreeSlots(site.locationId, {
                calendarId,
                startMs: window.startMs,
                endMs: window.endMs - 1,
                timeZone: info.timeZone,
              }),
              info.durationMinutes,
            ),
            load: ++loads,
          }))
        }),
      )

      // A slot that began since the window was cached is no longer bookable.
      const notBefore = Math.max(fromMs, clock())
      const parts = reads.map(({ value }) => slotsBetween(value, notBefore, toMs))
      const slots = parts.length === 1 ? parts[0]! : parts.flat()
      const result = {
        slots,
        stale: reads.some((read) => read.stale),
        loadedAt: Math.min(...reads.map((read) => read.loadedAt)),
      }
      // Only answers built from fresh windows are kept; the rest are rebuilt until the windows reload.
      const built = windowKeys.map((key, i) => ({ key, load: reads[i]!.value.load }))
      if (built.every((window) => cache.peekFresh(window.key)?.load === window.load)) {
        const nextDay = startOfLocalDate(addDays(today, 1), query.timeZone)
        const firstStart = slots.length ? Date.parse(slots[0]!.start) + 1 : Infinity
        answers.set(answerKey, { result, windows: built, validUntil: Math.min(nextDay, firstStart) })
      }
      return result
    },

    invalidate(calendarId) {
      for (const key of keysByCalendar.get(calendarId)?.keys() ?? []) cache.delete(key)
      keysByCalendar.delete(calendarId)
    },
  }
}
