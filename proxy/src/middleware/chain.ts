/**
 * `chain(middleware, handler, onError)`: one route's middleware and handler run as a single handler, as Hono's
 * `compose` runs them (an error is turned into an answer by `onError` at the layer that threw it, so the layers
 * around it still see an answer), but without awaiting what is already done. A cached read is answered within
 * one turn of the event loop; Hono's compose makes every layer a promise and every request several microtask
 * hops, and a route that matches more than one handler cannot be answered synchronously at all (on
 * @hono/node-server a synchronous answer skips the wait for it too). The middleware given here are the same
 * ones the rest of the app mounts with `app.use` (see {@link asMiddleware}).
 */
import type { Context, Env, ErrorHandler, MiddlewareHandler } from 'hono'

/** A value now, or later. */
export type MaybePromise<T> = T | Promise<T>

/**
 * A middleware that may finish synchronously: under {@link chain}, `next()` returns a promise only when
 * something behind it waited; under Hono's compose it always does. Either way the answer is in `c.res`.
 */
export type SyncMiddleware<E extends Env = any> = (
  c: Context<E>,
  next: () => MaybePromise<unknown>,
) => MaybePromise<Response | unknown>

/** A route handler that may answer synchronously. */
export type SyncHandler<E extends Env = any> = (c: Context<E>) => MaybePromise<Response>

/** A {@link SyncMiddleware} as a Hono middleware, for `app.use`. */
export function asMiddleware<E extends Env>(middleware: SyncMiddleware<E>): MiddlewareHandler<E> {
  return async function syncMiddleware(c, next) {
    const result = await middleware(c, next)
    return result instanceof Response ? result : undefined
  }
}

/** The middleware, then the handler, as one handler; answers synchronously when every layer did. */
export function chain<E extends Env>(
  middleware: readonly SyncMiddleware<E>[],
  handler: SyncHandler<E>,
  onError: ErrorHandler<E>,
): (c: Context<E>) => MaybePromise<Response> {
  // Helpers take the context as an argument instead of closing over it: no function is created per layer.
  function settle(c: Context<E>, result: unknown): void {
    if (result instanceof Response && !c.finalized) c.res = result
  }
  function fail(c: Context<E>, error: unknown): MaybePromise<void> {
    if (!(error instanceof Error)) throw error
    c.error = error
    const answer = onError(error, c)
    if (answer instanceof Promise) return answer.then((response) => void (c.res = response))
    c.res = answer
  }
  function dispatch(c: Context<E>, i: number): MaybePromise<void> {
    let result: unknown
    try {
      result = i < middleware.length ? middleware[i]!(c, () => dispatch(c, i + 1)) : handler(c)
    } catch (error) {
      return fail(c, error)
    }
    if (result instanceof Promise) {
      return result.then(
        (value) => settle(c, value),
        (error) => fail(c, error),
      )
    }
    settle(c, result)
  }
  return function chained(c) {
    const done = dispatch(c, 0)
    return done instanceof Promise ? done.then(() => c.res) : c.res
  }
}
