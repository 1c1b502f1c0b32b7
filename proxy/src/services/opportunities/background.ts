/**
 * Background work with a cap: jobs that share a key run one after another, the rest at once, each handed to the
 * request's `waitUntil`; at most `maxPending` wait or run, so a GHL outage under heavy traffic cannot grow memory.
 */
import type { WaitUntil } from '../../types.ts'

/** Options of {@link createBackgroundQueue}. */
export interface BackgroundQueueOptions {
  /** Jobs that may wait or run at once; {@link BackgroundQueue.add} refuses one more. Default 1 000. */
  maxPending?: number
}

/** The queue {@link createBackgroundQueue} builds. */
export interface BackgroundQueue {
  /**
   * Runs `task` after the pending task of the same `key`; false (and nothing runs) when `maxPending` are pending.
   * `task` must not reject: its failures are its own to report.
   */
  add(key: string, task: () => Promise<void>, waitUntil?: WaitUntil): boolean
  /** Jobs waiting or running. */
  pending(): number
  /** Resolves once nothing is pending. */
  idle(): Promise<void>
}

/** Builds the queue. */
export function createBackgroundQueue(options: BackgroundQueueOptions = {}): BackgroundQueue {
  const maxPending = options.maxPending ?? 1_000
  if (!(maxPending >= 1)) throw new RangeError('maxPending must be at least 1')
  // Only keys with pending work are here: bounded with them.
  const chains = new Map<string, Promise<void>>()
  let pending = 0
  let idleWaiters: (() => void)[] = []

  return {
    add(key, task, waitUntil) {
      if (pending >= maxPending) return false
      pending++
      const work: Promise<void> = (chains.get(key) ?? Promise.resolve())
        .then(task)
        .catch(() => {}) // a task reports its own failures; nothing here may reject unheard
        .finally(() => {
          if (chains.get(key) === work) chains.delete(key)
          if (--pending === 0) {
            for (const resolve of idleWaiters) resolve()
            idleWaiters = []
          }
        })
      chains.set(key, work)
      waitUntil?.(work)
      return true
    },
    pending: () => pending,
    idle: () => (pending === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve))),
  }
}
