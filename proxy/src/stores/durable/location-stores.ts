/**
 * The per-location stores on Durable Objects: the GHL throttle and slot invalidation, each a client of the
 * `LocationState` object (location-object.ts) of the location concerned.
 *
 * An isolate cannot be called back, so invalidation is read rather than pushed: before serving a calendar's cached
 * slots an isolate asks the location's object for the calendar's version, at most once per `checkIntervalMs`, and
 * drops the calendar when it changed. A change made elsewhere is seen here within that interval; a booking or a
 * webhook waits for its `bump` before answering, so once its visitor has the answer every isolate's next check sees
 * it. An object that cannot be reached: reads keep serving the cache (at most `SLOTS_TTL_SECONDS` old), GHL
 * requests are refused with 503 (stale slots are served where there are any), since the budget cannot be checked.
 */
import { GhlError } from '../../ghl/types.ts'
import type { Throttle } from '../../ghl/throttle.ts'
import type { Clock } from '../../types.ts'
import type { InvalidationBus, InvalidationListener } from '../invalidation.ts'
import type { Reservation } from './location-object.ts'
import { callObject, type DurableNamespace } from './protocol.ts'

/** Options of {@link createDurableThrottle}. */
export interface DurableThrottleOptions {
  /** GHL requests per window and location, over all isolates. Default 90. */
  limit?: number
  /** Default 10 000. */
  windowMs?: number
  /** How long past its window a send still counts (GHL counts arrivals), ms. Default 1 000. */
  marginMs?: number
  /** Reservations that may wait per location, over all isolates. Default 200. */
  maxQueue?: number
  /** Waits `ms` on a timer of the request's own. Default a `setTimeout` promise. */
  sleep?: (ms: number) => Promise<void>
}

/** Builds a {@link Throttle} whose budget per location is kept by the location's object. */
export function createDurableThrottle(
  namespace: DurableNamespace,
  options: DurableThrottleOptions = {},
): Throttle {
  const { limit = 90, windowMs = 10_000, marginMs = 1_000, maxQueue = 200 } = options
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  if (!(limit >= 1 && windowMs >= 1 && maxQueue >= 0))
    throw new RangeError('throttle needs limit, windowMs >= 1')
  const args = { limit, windowMs, marginMs, maxQueue }
  return {
    async acquire(locationId) {
      let reservation: Reservation
      try {
        reservation = await callObject<Reservation>(namespace, locationId, 'reserve', args)
      } catch {
        throw new GhlError('unavailable', 'The GHL budget of this location cannot be checked', {
          retryAfter: 5,
        })
      }
      if ('refused' in reservation) {
        throw new GhlError('unavailable', 'Too many requests are waiting for this GHL location', {
          retryAfter: reservation.retryAfterSeconds,
        })
      }
      if (reservation.waitMs > 0) await sleep(reservation.waitMs)
    },
  }
}

/** Options of {@link createDurableInvalidation}. */
export interface DurableInvalidationOptions {
  /** The location of each calendar the sites list; others are neither published nor checked. Required. */
  locationOf: ReadonlyMap<string, string>
  /** Longest time a calendar's slots are served here without asking its version, ms. Default 1 000. */
  checkIntervalMs?: number
  /** Default `Date.now`. */
  clock?: Clock
}

/** Builds an {@link InvalidationBus} on the location objects: versions bumped by a change, checked before reads. */
export function createDurableInvalidation(
  namespace: DurableNamespace,
  options: DurableInvalidationOptions,
): InvalidationBus {
  const { locationOf, checkIntervalMs = 1_000, clock = Date.now } = options
  const listeners = new Set<InvalidationListener>()
  // Per calendar (the sites' own, so bounded), the version last seen here and when it was asked.
  const seen = new Map<string, { version: string; at: number }>()

  /** Drops the calendar here when `version` is not the one this isolate saw last. */
  const saw = (calendarId: string, version: string) => {
    const before = seen.get(calendarId)
    seen.set(calendarId, { version, at: clock() })
    if (before && before.version !== version)
      for (const listener of listeners) listener.invalidate(calendarId)
  }

  return {
    async publish(calendarId) {
      const locationId = locationOf.get(calendarId)
      if (!locationId) return
      try {
        // This isolate dropped the calendar already: its next check need not drop it again.
        saw(calendarId, await callObject<string>(namespace, locationId, 'bump', { calendarId }))
      } catch {
        // The others keep their slots until SLOTS_TTL_SECONDS at most; this one asks its next read afresh.
        seen.delete(calendarId)
      }
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    due(calendarId) {
      const last = seen.get(calendarId)
      return locationOf.has(calendarId) && (!last || clock() - last.at >= checkIntervalMs)
    },
    async check(calendarId) {
      const locationId = locationOf.get(calendarId)
      if (!locationId) return
      try {
        saw(calendarId, await callObject<string>(namespace, locationId, 'version', { calendarId }))
      } catch {
        // Served from the cache meanwhile; asked again after the interval.
        const last = seen.get(calendarId)
        if (last) last.at = clock()
      }
    },
  }
}
