/**
 * A per-location sliding-window throttle: at most `limit` requests leave for one location in any `windowMs`.
 * GHL allows 100 requests per 10 s per location; the default keeps headroom below that. Callers over the
 * limit wait in a FIFO queue; past `maxQueue` waiting callers, `acquire` fails at once so the caller can
 * answer 503 (or serve stale data) instead of piling up.
 */
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
  /** Waits `ms` (by the same clock). Default a `setTimeout` promise. */
  sleep?: (ms: number) => Promise<void>
}

/** Grants permission to send one request to a location. */
export interface Throttle {
  /** Resolves when a request for `key` may be sent; throws GhlError('unavailable') with `retryAfter` when the queue is full. */
  acquire(key: string): Promise<void>
}

interface KeyState {
  /** Send times inside the current window, oldest first. */
  sent: number[]
  queue: (() => void)[]
  pumping: boolean
}

/** Builds a throttle; state is per key (a GHL location id). */
export function createThrottle(options: ThrottleOptions = {}): Throttle {
  const limit = options.limit ?? 90
  const windowMs = options.windowMs ?? 10_000
  const maxQueue = options.maxQueue ?? 200
  const clock = options.clock ?? Date.now
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  if (!(limit >= 1 && windowMs >= 1 && maxQueue >= 0))
    throw new RangeError('throttle needs limit, windowMs >= 1')
  const states = new Map<string, KeyState>()

  const prune = (state: KeyState, now: number) => {
    while (state.sent.length && state.sent[0]! <= now - windowMs) state.sent.shift()
  }

  // One pump per key releases waiters in order as the window frees up.
  async function pump(state: KeyState) {
    if (state.pumping) return
    state.pumping = true
    try {
      while (state.queue.length) {
        const now = clock()
        prune(state, now)
        if (state.sent.length < limit) {
          state.sent.push(now)
          state.queue.shift()!()
        } else {
          await sleep(Math.max(1, state.sent[0]! + windowMs - now))
        }
      }
    } finally {
      state.pumping = false
    }
  }

  return {
    acquire(key) {
      let state = states.get(key)
      if (!state) states.set(key, (state = { sent: [], queue: [], pumping: false }))
      const now = clock()
      prune(state, now)
      if (!state.queue.length && state.sent.length < limit) {
        state.sent.push(now)
        return Promise.resolve()
      }
      if (state.queue.length >= maxQueue) {
        const waitMs = Math.ceil((state.queue.length + 1) / limit) * windowMs
        return Promise.reject(
          new GhlError('unavailable', 'Too many requests are waiting for this GHL location', {
            retryAfter: Math.ceil(waitMs / 1000),
          }),
        )
      }
      return new Promise<void>((resolve) => {
        state.queue.push(resolve)
        void pump(state)
      })
    },
  }
}
