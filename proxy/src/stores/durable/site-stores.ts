/**
 * The per-site stores on Durable Objects: rate limits, booking quotas, idempotency keys and the webhook replay
 * guard, each a client of the `SiteState` object (site-object.ts) its key belongs to. The same interfaces as the memory
 * stores, so `buildProxy` takes them as they are.
 *
 * An object that cannot be reached: rate limits count in this isolate's memory and the replay guard decides there
 * (fail open, as with Redis down); a booking, whose idempotency key and quotas cannot be checked, is refused with
 * 503 `upstream_unavailable` rather than risk a second appointment.
 */
import { LRUCache } from 'lru-cache'
import { stringBytes } from '../../cache/sizes.ts'
import type { IdempotencyRecord, IdempotencyStore } from '../idempotency.ts'
import type { QuotaStore, QuotaTake } from '../quota-store.ts'
import type { RateLimitCount, RateLimitStore } from '../rate-limit.ts'
import type { ReplayGuard } from '../replay.ts'
import { bookingsPaused } from '../redis/unavailable.ts'
import type { Clock } from '../../types.ts'
import { callObject, type DurableNamespace } from './protocol.ts'
import { SHARED_OBJECT } from './site-object.ts'

/**
 * The object a key belongs to: the site named in it (`site:<id>`, `ip:<id>:…` of the rate limits, `booking:<id>:…`
 * of the quotas), else the shared one (the webhook limits). Site ids have no `:` (see config/sites.ts).
 */
export function objectOfKey(key: string): string {
  const [kind, site] = key.split(':', 3)
  if ((kind === 'site' || kind === 'ip' || kind === 'booking') && site) return site
  return SHARED_OBJECT
}

/** Builds a {@link RateLimitStore} whose counts are kept by each site's object; `fallback` counts meanwhile. */
export function createDurableRateLimitStore(
  namespace: DurableNamespace,
  fallback: RateLimitStore,
  clock: Clock,
): RateLimitStore {
  return {
    async hit(key, windowMs) {
      try {
        const args = { key, windowMs, now: clock() }
        return await callObject<RateLimitCount>(namespace, objectOfKey(key), 'hit', args)
      } catch {
        return fallback.hit(key, windowMs)
      }
    },
  }
}

/** Builds a {@link QuotaStore} on each site's object (a sliding window, as in memory). */
export function createDurableQuotaStore(namespace: DurableNamespace, clock: Clock): QuotaStore {
  return {
    async take(key, limit, windowMs) {
      const args = { key, limit, windowMs, at: clock() }
      return callObject<QuotaTake>(namespace, objectOfKey(key), 'quotaTake', args).then(
        undefined,
        (error) => {
          throw bookingsPaused(error)
        },
      )
    },
    async giveBack(key, at) {
      // Not given back: the use leaves the window by itself, and the visitor's answer stands.
      await callObject(namespace, objectOfKey(key), 'quotaGiveBack', { key, at }).then(undefined, () => {})
    },
  }
}

/** Builds an {@link IdempotencyStore} on each site's object; keys are `<site>:…` (see routes/bookings.ts). */
export function createDurableIdempotencyStore(namespace: DurableNamespace): IdempotencyStore {
  const siteOf = (key: string) => key.slice(0, key.indexOf(':'))
  // The claim each pending key of this isolate holds, which only its own release may take back.
  const claims = new LRUCache<string, string>({
    max: 10_000,
    ttl: 120_000,
    maxSize: 1024 * 1024,
    sizeCalculation: (value, key) => 64 + stringBytes(key) + stringBytes(value),
  })
  const call = <T>(key: string, op: string, args: object) =>
    callObject<T>(namespace, siteOf(key), op, { key, ...args }).then(undefined, (error) => {
      throw bookingsPaused(error)
    })
  return {
    async claim(key, fingerprint) {
      const claim = crypto.randomUUID()
      const record = await call<IdempotencyRecord | null>(key, 'claim', { fingerprint, claim })
      if (record === null) claims.set(key, claim)
      return record ?? undefined
    },
    async get(key) {
      return (await call<IdempotencyRecord | null>(key, 'get', {})) ?? undefined
    },
    async complete(key, fingerprint, response) {
      claims.delete(key)
      // The booking is made: its visitor gets the answer even if it cannot be stored (asked twice). A retry then
      // meets the pending claim until it expires, and after that GHL's slot check and the lookup of the contact's
      // appointments, as with no key.
      const args = { fingerprint, response }
      await call(key, 'complete', args).catch(() => call(key, 'complete', args).catch(() => {}))
    },
    async release(key) {
      const claim = claims.get(key)
      claims.delete(key)
      // Not released: the claim expires after two minutes, and the visitor's retry waits for it.
      if (claim) await call(key, 'release', { claim }).catch(() => {})
    },
  }
}

/** Builds a {@link ReplayGuard} on the shared object; `fallback` decides when it cannot be reached. */
export function createDurableReplayGuard(namespace: DurableNamespace, fallback: ReplayGuard): ReplayGuard {
  return {
    firstSeen: (id) =>
      callObject<boolean>(namespace, SHARED_OBJECT, 'firstSeen', { id }).then(undefined, () =>
        fallback.firstSeen(id),
      ),
  }
}
