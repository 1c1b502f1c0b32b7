/**
 * Abortable waits: every pending timer is tracked, ended early by the request's abort signal, and ended at once by
 * `clear()` (the sandbox's `close()`). Timers stay referenced on purpose: clients often time out with
 * `AbortSignal.timeout()`, whose own timer is unref'd, so an unref'd hang would let Node exit mid-request.
 */

/** Waits the sandbox uses for latency and timeout faults. */
export interface Timers {
  /** Resolves after `ms`, when `signal` aborts, or when `clear()` runs, whichever is first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
  /** Ends every pending wait now. */
  clear(): void
  /** Number of pending waits (for tests that check nothing leaks). */
  pending(): number
}

/** Builds a tracker of abortable timers. */
export function createTimers(): Timers {
  const pending = new Set<() => void>()
  return {
    sleep(ms, signal) {
      return new Promise<void>((resolve) => {
        if (signal?.aborted || ms <= 0) return resolve()
        const done = () => {
          clearTimeout(timer)
          signal?.removeEventListener('abort', done)
          pending.delete(done)
          resolve()
        }
        const timer = setTimeout(done, ms)
        signal?.addEventListener('abort', done, { once: true })
        pending.add(done)
      })
    },
    clear() {
      for (const done of [...pending]) done()
    },
    pending: () => pending.size,
  }
}
