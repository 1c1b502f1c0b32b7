/**
 * Abortable waits: every pending timer is tracked, ended early by the request's abort signal, and ended at once by
 * `clear()` (the sandbox's `close()`). A wait that stands for "never answers" does not keep the process alive.
 */

/** Waits the sandbox uses for latency and timeout faults. */
export interface Timers {
  /**
   * Resolves after `ms`, when `signal` aborts, or when `clear()` runs, whichever is first. With `keepAlive: false`
   * the timer is unref'd where the runtime allows: a client waiting on it needs its own timeout (as it should).
   */
  sleep(ms: number, signal?: AbortSignal, options?: { keepAlive?: boolean }): Promise<void>
  /** Ends every pending wait now. */
  clear(): void
  /** Number of pending waits (for tests that check nothing leaks). */
  pending(): number
}

/** Builds a tracker of abortable timers. */
export function createTimers(): Timers {
  const pending = new Set<() => void>()
  return {
    sleep(ms, signal, options = {}) {
      return new Promise<void>((resolve) => {
        if (signal?.aborted || ms <= 0) return resolve()
        const done = () => {
          clearTimeout(timer)
          signal?.removeEventListener('abort', done)
          pending.delete(done)
          resolve()
        }
        const timer = setTimeout(done, ms)
        // Node keeps the event loop alive for a timer; a hanging request must not hold a test run open.
        if (options.keepAlive === false) (timer as { unref?: () => void }).unref?.()
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
