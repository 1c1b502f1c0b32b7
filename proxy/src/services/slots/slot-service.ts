/**
 * The slots read path, one owner from GHL's answer to the bytes on the wire: free slots cached per calendar and
 * fixed window of the location's zone (calendar months), filtered per request by the visitor's local dates, and
 * the serialized answer of each query remembered while its windows are unchanged (answers.ts). Window keys never
 * depend on the visitor's zone, so every visitor of a calendar shares the same entries and GHL sees one request
 * per window and TTL. One `invalidate` drops a calendar's windows and answers.
 */
import { daysInRange, type SlotsQuery } from '../../../../contract/schemas.ts'
import { NUMBER_BYTES } from '../../cache/sizes.ts'
import { createSwrCache, type SwrCacheOptions } from '../../cache/swr-cache.ts'
import { ProxyError } from '../../errors.ts'
import { NO_METRICS, type Metrics } from '../../metrics/metrics.ts'
import { calendarNotListed } from '../../refusals.ts'
import type { GhlClient } from '../../ghl/types.ts'
import { addDays, localDate, monthWindows, startOfLocalDate } from '../../time/zoned.ts'
import type { Site } from '../../config/sites.ts'
import type { CalendarService, Clock, ReadContext, SlotReplies, SlotsAnswer } from '../../types.ts'
import { createAnswers, type WindowLoad } from './answers.ts'
import { serializeSlots } from './slots-body.ts'
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
  /** Most answers remembered, one per query (see answers.ts). Default 10 000. */
  maxAnswers?: number
  /**
   * Most bytes of remembered answers: their serialized bodies and ETags. Each distinct query (dates, zone) is an
   * answer, so this is what a flood of distinct valid queries can fill. Default 16 MiB.
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
  /** Counts each answer of `reply` and `peek` as a hit, a miss or stale. Default {@link NO_METRICS}. */
  metrics?: Metrics
}

/** A cached window and the load it came from, so an answer can name the load without holding the window. */
interface LoadedWindow extends SlotWindow {
  load: number
}

/** A read of the windows behind a query, before it is serialized. */
interface Read {
  result: SlotsAnswer
  /** The window loads it was built from, when every one was fresh (else the answer is not remembered). */
  fresh?: WindowLoad[]
  /** When the answer would change with time alone: a slot starts, or the visitor's day ends. */
  validUntil: number
  /** Whether a window had to wait for GHL. */
  waited: boolean
}

/** Past windows are never asked for again: a range may not end before yesterday. */
const PAST_MS = 2 * 86_400_000

/** The slot service, and the bytes its caches hold. */
export interface CachedSlotService extends SlotReplies {
  /** Bytes held, as counted: the windows, and the remembered answers. */
  readonly bytes: { windows: number; answers: number }
}

const invalid = (path: 'from' | 'to', message: string) =>
  new ProxyError(400, 'invalid_request', message, { issues: [{ path, message }] })

/**
 * Builds the slot service. A query asked again while its windows are unchanged gets the very same reply object
 * back, without date math, filtering or serializing; a window reload or {@link SlotService.invalidate} replaces
 * the window's entry, so the next read builds the answer again.
 */
export function createSlotService(options: SlotServiceOptions): CachedSlotService {
  const { ghl, calendars } = options
  const clock = options.clock ?? Date.now
  const maxDaysAhead = options.maxDaysAhead ?? 400
  const metrics = options.metrics ?? NO_METRICS
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
  const answers = createAnswers({ maxEntries: options.maxAnswers, maxBytes: options.maxAnswerBytes, clock })
  let loads = 0
  // The window keys each calendar has used and when their windows end, so invalidate() reaches entries that are
  // reloading too. Calendars are the sites file's; keys per calendar are the months within the range bounds.
  const keysByCalendar = new Map<string, Map<string, number>>()

  // Calendar first, so invalidate() finds a calendar's answers by prefix.
  const answerKeyOf = (site: Site, calendarId: string, query: SlotsQuery) =>
    `${calendarId}|${site.locationId}|${query.from}|${query.to}|${query.timeZone}`
  const current = (window: WindowLoad) => cache.peekFresh(window.key)?.load === window.load

  /** The slots of the query from the windows, loading those the cache lacks. */
  async function read(
    site: Site,
    calendarId: string,
    query: SlotsQuery,
    context?: ReadContext,
  ): Promise<Read> {
    if (!site.calendars.includes(calendarId)) throw calendarNotListed(site.id, calendarId)
    // Bounding the dates bounds the windows (and so the cache keys) one calendar can create.
    const today = localDate(clock(), query.timeZone)
    if (query.to < addDays(today, -1)) throw invalid('to', 'The range lies in the past')
    if (daysInRange(today, query.from) > maxDaysAhead + 1) {
      throw invalid('from', `The range may start at most ${maxDaysAhead} days ahead`)
    }
    const { info } = await calendars.get(site, calendarId, context)
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
        const load = async () => ({
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
        })
        return cache.get(windowKeys[i]!, load, context)
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
    // Only answers built from fresh windows are remembered; the rest are built again until the windows reload.
    const built = windowKeys.map((key, i) => ({ key, load: reads[i]!.value.load }))
    const nextDay = startOfLocalDate(addDays(today, 1), query.timeZone)
    const firstStart = slots.length ? Date.parse(slots[0]!.start) + 1 : Infinity
    return {
      result,
      fresh: built.every(current) ? built : undefined,
      validUntil: Math.min(nextDay, firstStart),
      waited: reads.some((read) => read.waited),
    }
  }

  return {
    get bytes() {
      return { windows: cache.bytes, answers: answers.bytes }
    },
    async get(site, calendarId, query, context) {
      return (await read(site, calendarId, query, context)).result
    },
    peek(site, calendarId, query) {
      if (!site.calendars.includes(calendarId)) return undefined
      const held = answers.held(answerKeyOf(site, calendarId, query), current)
      if (held) metrics.slotRead('hit')
      return held
    },
    async reply(site, calendarId, query, context) {
      const key = answerKeyOf(site, calendarId, query)
      const held = site.calendars.includes(calendarId) ? answers.held(key, current) : undefined
      if (held) {
        metrics.slotRead('hit')
        return held
      }
      const { result, fresh, validUntil, waited } = await read(site, calendarId, query, context)
      metrics.slotRead(result.stale ? 'stale' : waited ? 'miss' : 'hit')
      const reply = { body: serializeSlots(calendarId, query, result), stale: result.stale }
      if (fresh) answers.remember(key, reply, fresh, validUntil)
      return reply
    },
    invalidate(calendarId) {
      for (const key of keysByCalendar.get(calendarId)?.keys() ?? []) cache.delete(key)
      keysByCalendar.delete(calendarId)
      answers.forget(`${calendarId}|`)
    },
  }
}
