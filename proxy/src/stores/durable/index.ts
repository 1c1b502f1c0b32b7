/**
 * The state several Worker isolates must share, on Durable Objects: what `buildProxy` takes in place of its memory
 * stores, from the bindings that are there. `SITE_STATE` (class `SiteState`, one object per site) holds rate limits,
 * booking quotas, idempotency keys and the webhook replay guard; `LOCATION_STATE` (class `LocationState`, one
 * object per GHL location) holds the GHL throttle and the calendars' slot versions; `TOKEN_STATE` (class
 * `TokenState`, one object per grant key) holds the Marketplace grants. The slot and calendar caches stay in each
 * isolate's memory. Without a binding its stores stay in memory, as on one process.
 *
 * Why this split: a site's limits, quotas and keys are only ever touched by that site's requests, and a location's
 * budget and invalidations by requests for its calendars, and a grant's refresh by its own account, so no
 * operation needs two objects, and sites (or locations, or accounts) never wait for each other's traffic.
 */
import type { ProxyOptions } from '../../proxy.ts'
import type { Clock } from '../../types.ts'
import type { Site } from '../../config/sites.ts'
import { createMemoryRateLimitStore } from '../rate-limit.ts'
import { createMemoryReplayGuard } from '../replay.ts'
import {
  createDurableInvalidation,
  createDurableThrottle,
  type DurableThrottleOptions,
} from './location-stores.ts'
import type { DurableNamespace } from './protocol.ts'
import {
  createDurableIdempotencyStore,
  createDurableQuotaStore,
  createDurableRateLimitStore,
  createDurableReplayGuard,
} from './site-stores.ts'
import { createDurableTokenStore } from './token-store.ts'

export { LocationState } from './location-object.ts'
export { SiteState } from './site-object.ts'
export { TokenState } from './token-object.ts'
export type { DurableNamespace } from './protocol.ts'

/** Options of {@link createDurableState}. */
export interface DurableStateOptions extends DurableThrottleOptions {
  /** The `SiteState` namespace. Default none: rate limits, quotas, keys and the replay guard in memory. */
  sites?: DurableNamespace
  /** The `LocationState` namespace. Default none: the throttle in memory, no shared invalidation. */
  locations?: DurableNamespace
  /** The `TokenState` namespace. Default none: Marketplace grants in memory (ProxyOptions' default). */
  tokens?: DurableNamespace
  /** The sites, for the location of each calendar. Required. */
  siteList: readonly Site[]
  /** Longest time a calendar's cached slots are served without asking its version, ms. Default 1 000. */
  checkIntervalMs?: number
  /** Default `Date.now`. */
  clock?: Clock
}

/** The stores on the Durable Objects there are bindings for, as {@link ProxyOptions} takes them. */
export function createDurableState(
  options: DurableStateOptions,
): Pick<
  ProxyOptions,
  | 'rateLimitStore'
  | 'bookingQuotaStore'
  | 'idempotencyStore'
  | 'replayGuard'
  | 'throttle'
  | 'invalidation'
  | 'tokenStore'
> {
  const { sites, locations, tokens, clock = Date.now } = options
  const locationOf = new Map(
    options.siteList.flatMap((site) => site.calendars.map((id) => [id, site.locationId])),
  )
  return {
    ...(sites && {
      rateLimitStore: createDurableRateLimitStore(sites, createMemoryRateLimitStore({ clock }), clock),
      bookingQuotaStore: createDurableQuotaStore(sites, clock),
      idempotencyStore: createDurableIdempotencyStore(sites),
      replayGuard: createDurableReplayGuard(sites, createMemoryReplayGuard({ clock })),
    }),
    ...(locations && {
      throttle: createDurableThrottle(locations, options),
      invalidation: createDurableInvalidation(locations, {
        locationOf,
        checkIntervalMs: options.checkIntervalMs,
        clock,
      }),
    }),
    ...(tokens && { tokenStore: createDurableTokenStore(tokens) }),
  }
}
