/**
 * Virtual time for code that takes `clock` and `sleep`: every `sleep(ms)` is a timer of its own, woken when the
 * virtual clock reaches its due time (ties in the order they were armed). The clock jumps to the next due timer
 * only once everything already woken has run (a few turns of the event loop), as a real clock would with work
 * that takes no time. Each timer records who armed it (`owner()`), so a test can tell whose context a wait ran in.
 */
import { manualClock, type ManualClock } from '../../demo/sandbox/testing.ts'

/** Options of {@link createVirtualTimers}. */
export interface VirtualTimersOptions {
  /** The clock to move. Default a manual clock at 1 000 000. */
  clock?: ManualClock
  /** Who arms a timer (an AsyncLocalStorage's store, say). Default nobody. */
  owner?: () => unknown
  /** Turns of the event loop let run before the clock moves. Default 3. */
  settleTurns?: number
}

/** A timer as it was armed. */
export interface ArmedTimer {
  ms: number
  /** Its due time. */
  at: number
  owner: unknown
}

/** See {@link createVirtualTimers}. */
export interface VirtualTimers {
  clock: ManualClock
  sleep: (ms: number) => Promise<void>
  /** Every timer armed so far, in arming order. */
  readonly armed: readonly ArmedTimer[]
}

const turn = () => new Promise((resolve) => setImmediate(resolve))

/** Builds virtual timers on a manual clock. */
export function createVirtualTimers(options: VirtualTimersOptions = {}): VirtualTimers {
  const clock = options.clock ?? manualClock(1_000_000)
  const owner = options.owner ?? (() => undefined)
  const settleTurns = options.settleTurns ?? 3
  const armed: ArmedTimer[] = []
  const pending: { at: number; seq: number; wake: () => void }[] = []
  let seq = 0
  let ticking = false

  async function tick() {
    ticking = true
    for (let i = 0; i < settleTurns; i++) await turn()
    ticking = false
    if (!pending.length) return
    pending.sort((a, b) => a.at - b.at || a.seq - b.seq)
    if (pending[0]!.at > clock()) clock.set(pending[0]!.at)
    const due = pending.filter((timer) => timer.at <= clock())
    pending.splice(0, due.length)
    for (const timer of due) timer.wake()
    if (pending.length) void tick()
  }

  return {
    clock,
    armed,
    sleep(ms) {
      const at = clock() + Math.max(0, ms)
      armed.push({ ms, at, owner: owner() })
      return new Promise<void>((wake) => {
        pending.push({ at, seq: seq++, wake })
        if (!ticking) void tick()
      })
    },
  }
}
