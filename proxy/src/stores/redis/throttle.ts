/**
 * The GHL throttle on Redis: one budget per location for every instance together. Each request asks Redis once
 * (THROTTLE_TAKE in scripts.ts) for the earliest send time that keeps every window of the location at or under the
 * limit, reserves it, and waits for it on its own timer; nobody polls. Reservations are made in the order requests
 * reach Redis, so waiters are served first come, first served across instances (within one instance, in the order
 * they called `acquire`): a busy instance cannot starve a quiet one, whose request simply takes the next free time.
 * Past `maxQueue` reservations waiting for the location (over all instances) `acquire` refuses at once, as the
 * memory throttle does per instance.
 *
 * Redis down: a memory throttle with a smaller budget (`fallbackLimit`, a share of the location's) lets this
 * instance go on; the sends it let through are reported to Redis with its next reservation, so the windows just
 * after Redis returns count them too. Time is Redis's own clock, which every instance shares, and a send holds its
 * place a little past its window (`marginMs`), as GHL counts it when it arrives.
 */
import { GhlError } from '../../ghl/types.ts'
import type { Throttle } from '../../ghl/throttle.ts'
import type { Clock } from '../../types.ts'
import type { RedisConnection } from './connection.ts'

/** Options of {@link createRedisThrottle}. */
export interface RedisThrottleOptions {
  connection: RedisConnection
  /** Grants sends while Redis cannot be reached: a memory throttle of `fallbackLimit` per window. Required. */
  fallback: Throttle
  /** Requests per window and location, over all instances. Default 90 (GHL allows 100 per 10 s). */
  limit?: number
  /** Window length in ms. Default 10 000. */
  windowMs?: number
  /** Reservations that may wait per location, over all instances, before `acquire` refuses. Default 200. */
  maxQueue?: number
  /**
   * How long past its window a send still holds its place, ms. GHL counts a request when it arrives, which can be
   * a second after it was let go (a busy event loop, a new TLS connection); without a margin, the next window's
   * burst, let go on time, would meet the late ones of the last inside one GHL window. Default 1 000 (the budget is
   * then `limit` per `windowMs + marginMs`).
   */
  marginMs?: number
  /** Put before every key. Default `ghl-booking:`. */
  prefix?: string
  /** Waits `ms`. Default a `setTimeout` promise (one timer per waiting request). */
  sleep?: (ms: number) => Promise<void>
  /** How long ago the fallback's sends were, when they are reported. Default `Date.now`. */
  clock?: Clock
  /** The time reservations are made in. Default Redis's own clock (TIME); a shared fake one in tests. */
  reservationClock?: Clock
}

/** Builds a {@link Throttle} whose budget per location is shared through Redis. */
export function createRedisThrottle(options: RedisThrottleOptions): Throttle {
  const { connection, fallback, prefix = 'ghl-booking:' } = options
  const limit = options.limit ?? 90
  const windowMs = options.windowMs ?? 10_000
  const maxQueue = options.maxQueue ?? 200
  const marginMs = options.marginMs ?? 1_000
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const clock = options.clock ?? Date.now
  if (!(limit >= 1 && windowMs >= 1 && maxQueue >= 0))
    throw new RangeError('throttle needs limit, windowMs >= 1')
  const instance = crypto.randomUUID()
  let reservations = 0
  // Per location, when the fallback let a request through: reported with the next reservation.
  const unreported = new Map<string, number[]>()

  async function withFallback(key: string) {
    await fallback.acquire(key)
    const now = clock()
    const sends = (unreported.get(key) ?? []).filter((at) => at > now - windowMs)
    sends.push(now)
    unreported.set(key, sends)
  }

  return {
    async acquire(key) {
      if (!connection.up) return withFallback(key)
      const now = clock()
      const sends = unreported.get(key) ?? []
      unreported.delete(key)
      const ages = sends.filter((at) => at > now - windowMs).map((at) => now - at)
      let wait: number
      let waiting: number
      try {
        ;[wait, waiting] = await connection.run((client) =>
          client.throttleTake(
            `${prefix}throttle:${key}`,
            limit,
            windowMs + marginMs,
            maxQueue,
            `${instance}:${++reservations}`,
            options.reservationClock ? String(options.reservationClock()) : '',
            ...ages,
          ),
        )
      } catch {
        if (sends.length) unreported.set(key, sends)
        return withFallback(key)
      }
      if (wait < 0) {
        const waitMs = Math.ceil((waiting + 1) / limit) * (windowMs + marginMs)
        throw new GhlError('unavailable', 'Too many requests are waiting for this GHL location', {
          retryAfter: Math.ceil(waitMs / 1000),
        })
      }
      if (wait > 0) await sleep(wait)
    },
  }
}
