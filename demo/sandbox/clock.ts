/**
 * The sandbox's clock, shared with whatever runs beside it (the demo's proxy reads the same one): it runs from a
 * pinned instant, or stands still, and `/_sandbox/clock` sets or advances it, so a test can put the whole stack
 * on any date and hour.
 */

/** A clock that can be set, advanced and frozen. */
export interface SettableClock {
  /** The current instant, epoch ms. */
  now(): number
  /** Moves the clock to `ms`; it keeps running from there unless frozen. */
  set(ms: number): void
  /** Moves the clock `ms` forward (or back, when negative). */
  advance(ms: number): void
  /** Stops the clock at its current instant (`true`) or lets it run on from there (`false`). */
  freeze(frozen: boolean): void
  /** Whether the clock stands still. */
  readonly frozen: boolean
}

/** Options of {@link createClock}. */
export interface ClockOptions {
  /** The instant the clock starts at, epoch ms. Default: whatever `source` says. */
  start?: number
  /** Stand still from the start. Default false (the clock runs with `source`). */
  frozen?: boolean
  /** The time that passes, epoch ms. Default `Date.now`. */
  source?: () => number
}

/** Builds a settable clock: an offset over `source` while running, a fixed instant while frozen. */
export function createClock(options: ClockOptions = {}): SettableClock {
  const source = options.source ?? Date.now
  let offset = options.start === undefined ? 0 : options.start - source()
  let fixed: number | undefined
  const now = () => fixed ?? source() + offset
  // The start itself, not the running clock read again: `source` may have moved on since the offset was taken.
  if (options.frozen) fixed = options.start ?? now()

  return {
    now,
    set(ms) {
      if (fixed === undefined) offset = ms - source()
      else fixed = ms
    },
    advance(ms) {
      this.set(now() + ms)
    },
    freeze(frozen) {
      if (frozen && fixed === undefined) fixed = now()
      if (!frozen && fixed !== undefined) {
        offset = fixed - source()
        fixed = undefined
      }
    },
    get frozen() {
      return fixed !== undefined
    },
  }
}
