/**
 * One log line per refused origin, site id or calendar id per minute, naming it and the fix: the site owner
 * tailing the log sees each misconfiguration once a minute, not once per visitor request. Visitors choose the
 * values, so what is remembered is bounded: values are cut (refusals.ts), keys are capped in number and bytes.
 */
import { LRUCache } from 'lru-cache'
import type { Logger } from '../logger.ts'
import type { Refusal } from '../refusals.ts'
import type { Clock } from '../types.ts'

/** Options of {@link createRefusalLog}. */
export interface RefusalLogOptions {
  /** Receives the lines. */
  log: Logger
  /** Default `Date.now`. */
  clock?: Clock
  /** How long a value stays quiet after its line, in ms. Default 60 000. */
  intervalMs?: number
  /**
   * Most values remembered. Past it the least recently refused value is forgotten, so a flood of distinct values
   * can only make a value be logged again early, never grow memory. Default 1 000.
   */
  maxValues?: number
}

/** Logs a refusal unless the same value was logged within the interval. */
export type RefusalLog = (refusal: Refusal, requestId?: string) => void

/** Builds the rate-limited refusal log. */
export function createRefusalLog(options: RefusalLogOptions): RefusalLog {
  const { log } = options
  const clock = options.clock ?? Date.now
  const maxValues = options.maxValues ?? 1_000
  const quiet = new LRUCache<string, true>({
    max: maxValues,
    // A key holds at most three cut values; bounding bytes as well keeps memory bounded by design, not by them.
    maxSize: maxValues * 1_024,
    sizeCalculation: (_, key) => key.length,
    ttl: options.intervalMs ?? 60_000,
    // Read the injected clock on every check: a `now` cached for a millisecond would follow the wall clock.
    ttlResolution: 0,
    perf: { now: clock },
  })

  return function logRefusal(refusal, requestId) {
    const { site, origin, calendar } = refusal.refused
    const key = JSON.stringify([refusal.code, site, origin ?? calendar ?? ''])
    if (quiet.has(key)) return
    quiet.set(key, true)
    log({
      msg: 'refused',
      level: 'warn',
      code: refusal.code,
      site,
      ...(origin !== undefined && { origin }),
      ...(calendar !== undefined && { calendar }),
      requestId,
      // Composed by the proxy from the values above, never from GHL's words: safe to log.
      fix: refusal.message,
    })
  }
}
