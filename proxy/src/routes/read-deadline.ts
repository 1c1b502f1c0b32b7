/**
 * How long a visitor's read (calendar details, free slots) may wait for GHL. The caches answer from memory, or
 * with stale data when a reload is slow or fails; only a read with nothing to stand in waits for GHL at all, and
 * it waits no longer than this: then the visitor is told to come back, while the load goes on and fills the
 * cache for that next try. Well below the booking route's deadline, since a read has nothing to lose by retrying.
 */
import { ProxyError } from '../errors.ts'

/** Options of {@link readDeadline}. */
export interface ReadDeadlineOptions {
  /** Longest wait, in ms. Default 5 000. */
  ms?: number
  /** The `Retry-After` of the answer, in seconds: about when the load going on will have filled the cache. Default 5. */
  retryAfterSeconds?: number
}

/** Builds `within(read)`: the read's result, or 504 `upstream_unavailable` with `Retry-After` once `ms` passed. */
export function readDeadline(options: ReadDeadlineOptions = {}) {
  const ms = options.ms ?? 5_000
  const retryAfter = String(options.retryAfterSeconds ?? 5)
  return function within<T>(read: Promise<T>): Promise<T> {
    // Assigned at once: a promise's executor runs before the constructor returns.
    let timer!: ReturnType<typeof setTimeout>
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new ProxyError(
              504,
              'upstream_unavailable',
              'The calendar service is slow to answer. Please try again in a few seconds.',
              { headers: { 'Retry-After': retryAfter } },
            ),
          ),
        ms,
      )
    })
    // A timer per read that waits, and only those: reads answered from memory never come here.
    return Promise.race([read, late]).finally(() => clearTimeout(timer))
  }
}
