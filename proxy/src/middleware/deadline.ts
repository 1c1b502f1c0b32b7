/**
 * `deadline(options)`: Hono's `timeout` for the whole of a request (retries, the throttle's queue, GHL calls), in
 * the contract's shape, remembering which requests it answered. Each request arms its own timer and clears it
 * when answered: a timer shared across requests dies on an edge runtime with the request that armed it (workerd
 * binds timers to their request), leaving every other request in flight without a deadline.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { timeout } from 'hono/timeout'

// Requests already answered with the deadline's error. What their handlers do afterwards reaches nobody.
const expired = new WeakSet<Context>()

/** Whether `c` was already answered because its deadline passed: a later failure is not a second error. */
export const hasExpired = (c: Context): boolean => expired.has(c)

/** Options of {@link deadline}. */
export interface DeadlineOptions {
  /** Longest time a request may take, in ms. */
  ms: number
  /** The message of the 504 `HTTPException` a late request fails with. Default `Gateway Timeout`, as Hono's. */
  message?: string
}

/** The deadline middleware; the handler behind a late request keeps running, its answer is dropped. */
export function deadline(options: DeadlineOptions): MiddlewareHandler {
  const message = options.message ?? 'Gateway Timeout'
  return timeout(options.ms, function expire(c) {
    expired.add(c)
    return new HTTPException(504, { message })
  })
}
