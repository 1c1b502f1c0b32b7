/**
 * A per-location sliding-window throttle: at most `limit` requests leave for one location in any `windowMs`.
 * GHL allows 100 requests per 10 s per location; the default keeps headroom below that. A caller over the limit
 * is given the first send time the window allows after every caller already waiting (FIFO), and waits for it on
 * a timer of its own: nothing it waits for is resolved by another request. Edge runtimes bind a timer to the
 * request that armed it and cancel a request that waits on another's (workerd reports it as hung), so a shared
 * queue released by one request's timer would strand the others. Past `maxQueue` waiting callers, `acquire`
 * fails at once so the caller can answer 503 (or serve stale data) instead of piling up.
 */
import { NO_METRICS, type Metrics } from '../metrics/metrics.ts'
import type { Clock } from '../types.ts'
import { GhlError } from './types.ts'

/** Options of {@link createThrottle}. */
export interface ThrottleOptions {
  /** Requests allowed per window and location. Default 90 (GHL's limit is 100). */
  limit?: number
  /** Window length in milliseconds. Default 10 000. */
  windowMs?: number
  /** Callers allowed to wait per location before `acquire` refuses. Default 200. */
  maxQueue?: number
  /** Current time in ms. Default `Date.now`. */
  clock?: Clock
  /** Waits `ms` (by the same clock) on a timer of the caller's own. Default a `setTimeout` promise. */
  sleep?: (ms: number) => Promise<void>
  /** Counts the callers waiting, how long each waited, and those refused. Default {@link NO_METRICS}. */
  metrics?: Metrics
}

/** Grants permission to send one request to a location. */
export interface Throttle {
  /** Resolves when a request for `key` may be sent; throws GhlError('unavailable') with `retryAfter` when the queue is full. */
  acquire(key: string): Promise<void>
}

/** Builds a throttle; state is per key (a GHL location id). */
export function createThrottle(options: ThrottleOptions = {}): Throttle {
  const limit = options.limit ?? 90
  const windowMs = options.windowMs ?? 10_000
  const maxQueue = options.maxQueue ?? 200
  const clock = options.clock ?? Date.now
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const metrics = options.metrics ?? NO_METRICS
  if (!(limit >= 1 && windowMs >= 1 && maxQueue >= 0))
    throw new RangeError('throttle needs limit, windowMs >= 1')
  // Per key, the send times granted within the last window and those reserved ahead, in order. Send times never
  // decrease (each is at least the one before), so a window holds at most `limit` of them when every send time is
  // at least `windowMs` after the one `limit` places before it. Keys are the sites file's locations; each list
  // holds at most `limit + maxQueue` times.
  const sendTimes = new Map<string, number[]>()

  return {
    acquire(key) {
      let times = sendTimes.get(key)
      if (!times) sendTimes.set(key, (times = []))
      const now = clock()
      let gone = 0
      while (gone < times.length && times[gone]! <= now - windowMs) gone++
      if (gone) times.splice(0, gone)
      const at = times.length < limit ? now : Math.max(now, times[times.length - limit]! + windowMs)
      if (at > now) {
        // The callers still waiting are the reserved times ahead of now, at the end of the list.
        let waiting = 0
        while (waiting < times.length && times[times.length - 1 - waiting]! > now) waiting++
        if (waiting >= maxQueue) {
          metrics.throttleRefused()
          return Promise.reject(
            new GhlError('unavailable', 'Too many requests are waiting for this GHL location', {
              retryAfter: Math.ceil((at - now) / 1000),
            }),
          )
        }
      }
      times.push(at)
      if (at <= now) return Promise.resolve()
      metrics.throttleWaiting(1)
      return sleep(at - now).finally(() => {
        metrics.throttleWaiting(-1)
        metrics.throttleWaited((at - now) / 1000)
      })
    },
  }
}
