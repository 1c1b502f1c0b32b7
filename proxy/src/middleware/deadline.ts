/**
 * `deadline(options)`: answers with an error once a request has taken `ms`, as Hono's `timeout` does, but with
 * one timer for all requests in flight instead of one per request. Nearly every `/v1` request is a cache hit
 * answered within the same turn of the event loop; arming and clearing a timer for each was a visible part of
 * its cost. Deadlines are `now + ms` with a fixed `ms`, so requests expire in the order they arrived and the
 * timer only ever needs to wake for the oldest. A request answered synchronously (see `chain.ts`) cannot have
 * run late, so it is not tracked at all.
 */
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { SyncMiddleware } from './chain.ts'

// Requests already answered with the deadline's error. What their handlers do afterwards reaches nobody.
const expired = new WeakSet<Context>()

/** Whether `c` was already answered because its deadline passed: a later failure is not a second error. */
export const hasExpired = (c: Context): boolean => expired.has(c)

/** Options of {@link deadline}. */
export interface DeadlineOptions {
  /** Longest time a request may take, in ms. */
  ms: number
  /** The error a late request fails with. Default Hono's timeout error, a 504 `HTTPException`. */
  error?: () => Error
  /** Monotonic milliseconds. Default `performance.now`. */
  now?: () => number
}

interface Waiter {
  expiresAt: number
  context: Context
  fail: (error: Error) => void
}

/** The deadline middleware; the handler behind a late request keeps running, its answer is dropped. */
export function deadline(options: DeadlineOptions): SyncMiddleware {
  const { ms } = options
  const error = options.error ?? (() => new HTTPException(504, { message: 'Gateway Timeout' }))
  const now = options.now ?? (() => performance.now())
  // In arrival order, which is expiry order.
  const waiting = new Set<Waiter>()
  let timer: ReturnType<typeof setTimeout> | undefined

  function expire(): void {
    timer = undefined
    const at = now()
    for (const waiter of waiting) {
      if (waiter.expiresAt > at) {
        timer = setTimeout(expire, waiter.expiresAt - at)
        return
      }
      waiting.delete(waiter)
      expired.add(waiter.context)
      waiter.fail(error())
    }
  }

  function settle(waiter: Waiter): void {
    waiting.delete(waiter)
    // An armed timer holds the process open like a request's own timer would; with nothing in flight it must
    // not, so it stays armed but unreferenced (cheaper than clearing and arming it again for the next one).
    if (waiting.size === 0) timer?.unref()
  }

  return function deadlineMiddleware(c, next) {
    const expiresAt = now() + ms
    const done = next()
    // Answered within this turn: no timer could have fired before it.
    if (!(done instanceof Promise)) return
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { expiresAt, context: c, fail: reject }
      waiting.add(waiter)
      if (timer === undefined) timer = setTimeout(expire, Math.max(0, expiresAt - now()))
      else if (waiting.size === 1) timer.ref()
      done.then(
        () => {
          settle(waiter)
          resolve()
        },
        (cause: unknown) => {
          settle(waiter)
          reject(cause)
        },
      )
    })
  }
}
