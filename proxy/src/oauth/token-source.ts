/**
 * The GHL token of a Marketplace location, for the GHL client: from a bounded cache of opened grants, else the
 * store; refreshed when less than a margin of its life is left, or after GHL refused it (401). An agency grant
 * gives location tokens through `/oauth/locationToken`, kept sealed under the location's key until shortly before
 * they expire.
 *
 * Refresh tokens are single-use, so one refresh per account at a time: one flight per key in this instance, and
 * over instances the store's lease. The holder re-reads, calls GHL, writes the new pair with the compare-and-set
 * `put`, and releases; the others keep a still-valid token, or wait (bounded, polling the store's version) for
 * the holder's write. A refresh answered `invalid_grant` writes nothing: the first refresher (whose lease may have
 * run out while GHL was slow) is waited for, and only when nothing comes is the grant declared dead, its record
 * kept for inspection until a reinstall replaces it. A pair GHL gave is never thrown away: a write that fails is
 * retried, then kept in memory and written again later.
 * Longer than most files here: the refresh, the agency's location tokens and the waits share one cache, one set of
 * flights and one lease protocol, and keeping every failure path of a single-use token in one place is what makes
 * them checkable.
 */
import { LRUCache } from 'lru-cache'
import type { Logger } from '../logger.ts'
import type { Metrics } from '../metrics/metrics.ts'
import type { TokenStore } from '../stores/tokens.ts'
import type { Clock } from '../types.ts'
import { ProxyError } from '../errors.ts'
import { OAuthError, type OAuthClient } from './ghl-oauth.ts'
import { keys, notConnected, type Entry, type Grant } from './grants.ts'
import type { GrantStore, Unsaved } from './grant-store.ts'

/** Options of {@link createTokenSource}. */
export interface TokenSourceOptions {
  store: GrantStore
  oauth: OAuthClient
  /** Default `Date.now`. */
  clock?: Clock
  /** Waits between polls of the store and write retries. Default `setTimeout`. */
  sleep?: (ms: number) => Promise<void>
  /** A token is renewed when less than this much of its life is left, ms. Default 5 minutes. */
  refreshMarginMs?: number
  /** How long a refresher holds the lease, ms: past one OAuth call's timeout and the write. Default 15 000. */
  leaseMs?: number
  /** Longest wait for another instance's refresh, ms of polling. Default 16 000 (past the lease). */
  waitMs?: number
  /** How long an opened grant is used from memory before the store is read again, ms. Default 60 000. */
  cacheTtlMs?: number
  /** Bytes of opened grants kept in memory. Default 1 MiB. */
  cacheBytes?: number
  /** Default nothing. */
  log?: Logger
  /** Counts refreshes and location tokens. Default none. */
  metrics?: Metrics
}

/** The token source; see {@link createTokenSource}. */
export interface TokenSource {
  /** The location's access token; throws a 503 `not_connected` ProxyError when it has no usable grant. */
  tokenFor(locationId: string): Promise<string>
  /** A token to use after GHL refused `refused` (401), or undefined when there is no other. */
  renew(locationId: string, refused: string): Promise<string | undefined>
  /** Forgets what this instance holds of `key` (an install or an uninstall changed it). */
  forget(key: string): void
}

type Cached = Entry & { at: number }

/** Builds the token source. */
export function createTokenSource(options: TokenSourceOptions): TokenSource {
  const {
    store,
    oauth,
    clock = Date.now,
    refreshMarginMs = 300_000,
    leaseMs = 15_000,
    waitMs = 16_000,
  } = options
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const cacheTtlMs = options.cacheTtlMs ?? 60_000
  const log = options.log ?? (() => {})
  const metrics = options.metrics
  const cache = new LRUCache<string, Cached>({
    maxSize: options.cacheBytes ?? 1024 * 1024,
    sizeCalculation: (entry, key) => 2 * (key.length + JSON.stringify(entry.grant).length) + 200,
  })
  const flights = new Map<string, Promise<Entry>>()
  /** Pairs GHL gave whose write failed: never dropped, written again at the next chance. */
  const unsaved = new Map<string, Unsaved>()
  /** When a kept pair was last offered to the store again. */
  const retried = new Map<string, number>()
  /** Keys whose refresh token GHL refused, with the version that held it. */
  const dead = new Map<string, number>()
  /** When a 401 last renewed each key: GHL refusing the token that gave is its verdict (a missing scope, say). */
  const renewedAfter401 = new Map<string, number>()

  const usable = (grant: Grant) => !!grant.access && (grant.expiresAt ?? 0) - clock() > refreshMarginMs
  // Ten seconds of slack: a token about to run out would die on its way to GHL.
  const valid = (grant: Grant) => !!grant.access && (grant.expiresAt ?? 0) - clock() > 10_000
  const remember = (key: string, entry: Entry): Entry => {
    cache.set(key, { ...entry, at: clock() })
    return entry
  }

  async function read(key: string, fresh = false): Promise<Entry | undefined> {
    const pending = unsaved.get(key)
    if (pending) {
      // At most one write every 5 s: each failure is logged, and the store may be down for a while.
      if (clock() - (retried.get(key) ?? 0) < 5_000) return pending
      retried.set(key, clock())
      const written = await store.retryUnsaved(key, pending, unsaved)
      return written ? remember(key, written) : pending
    }
    const cached = fresh ? undefined : cache.get(key)
    if (cached && clock() - cached.at < cacheTtlMs) return cached
    const entry = await store.read(key)
    if (!entry) cache.delete(key)
    else remember(key, entry)
    return entry
  }

  /** Keys told to the owner in the last minute, so a busy site logs its missing grant once a minute. */
  const told = new LRUCache<string, true>({
    max: 10_000,
    ttl: 60_000,
    ttlAutopurge: false,
    perf: { now: clock },
  })

  async function missing(key: string): Promise<never> {
    const reason = (await store.uninstalled(key)) ? 'uninstalled' : 'not_installed'
    if (!told.has(key)) {
      told.set(key, true)
      log({
        level: 'error',
        msg: 'oauth.not_connected',
        account: key,
        reason,
        fix: 'install the GHL app for this location (GET /oauth/install)',
      })
    }
    throw notConnected(reason)
  }

  /** Polls the store until a version other than `version` holds a valid token; undefined after `waitMs`. */
  async function newer(key: string, version: number): Promise<Entry | undefined> {
    let waited = 0
    for (let delay = 25; ; delay = Math.min(delay * 2, 500)) {
      const entry = await store.read(key)
      if (!entry) return missing(key)
      if (entry.version !== version && valid(entry.grant)) return remember(key, entry)
      if (waited >= waitMs) return undefined
      await sleep(delay)
      waited += delay
    }
  }

  /** One renewal per key in this instance; `refused` forces one even when the clock says the token is fine. */
  function renewal(key: string, seen: Entry, refused?: string): Promise<Entry> {
    let flight = flights.get(key)
    if (!flight) {
      flight = renewOver(key, seen, refused, 1).finally(() => flights.delete(key))
      flights.set(key, flight)
    }
    return flight
  }

  async function renewOver(
    key: string,
    seen: Entry,
    refused: string | undefined,
    tries: number,
  ): Promise<Entry> {
    const holder = await store.lease(key, leaseMs)
    if (!holder) {
      // Another instance renews. A token still good meanwhile is used as it is; else its write is waited for.
      if (!refused && valid(seen.grant)) return seen
      const theirs = await newer(key, seen.version)
      if (theirs) {
        metrics?.tokenRefresh?.('waited')
        return theirs
      }
      // The holder went quiet (crashed, or its store is gone): its lease has run out by now; take it once.
      if (tries > 0) return renewOver(key, seen, refused, tries - 1)
      throw new ProxyError(
        503,
        'upstream_unavailable',
        'The calendar service is busy. Please try again shortly.',
      )
    }
    try {
      const current = await read(key, true)
      if (!current) return missing(key)
      // Someone renewed between our read and the lease: theirs is used.
      const renewed = refused
        ? current.grant.access !== refused && valid(current.grant)
        : usable(current.grant)
      if (current.version !== seen.version && renewed) {
        metrics?.tokenRefresh?.('coalesced')
        return current
      }
      return current.grant.kind === 'derived'
        ? await locationToken(key, current)
        : await refresh(key, current)
    } finally {
      await store.release(key, holder).catch(() => {})
    }
  }

  async function refresh(key: string, current: Entry): Promise<Entry> {
    const { grant } = current
    if (dead.get(key) === current.version) throw notConnected('dead')
    if (!grant.refresh) throw deadGrant(key, current)
    let answer
    try {
      answer = await oauth.refresh(grant.refresh, grant.kind === 'company' ? 'Company' : 'Location')
    } catch (error) {
      if (error instanceof OAuthError && error.kind === 'invalid_grant') {
        // Spent already: by another instance whose lease ran out while GHL was slow? Its write is waited for.
        const theirs = await newer(key, current.version)
        if (theirs) {
          metrics?.tokenRefresh?.('waited')
          return theirs
        }
        dead.set(key, current.version)
        throw deadGrant(key, current)
      }
      metrics?.tokenRefresh?.('failed')
      log({ level: 'error', msg: 'oauth.refresh_failed', account: key, error: (error as Error).message })
      // A token with time left still serves while GHL's token endpoint is down.
      if (valid(grant)) return current
      throw new ProxyError(
        503,
        'upstream_unavailable',
        'The calendar service is busy. Please try again shortly.',
      )
    }
    const next: Grant = {
      ...grant,
      access: answer.access_token,
      refresh: answer.refresh_token,
      expiresAt: clock() + answer.expires_in * 1000,
      ...(answer.scope !== undefined && { scope: answer.scope }),
      ...(answer.approvedLocations && { approvedLocations: answer.approvedLocations }),
    }
    metrics?.tokenRefresh?.('refreshed')
    log({ level: 'info', msg: 'oauth.refreshed', account: key, version: current.version + 1 })
    return remember(key, await store.write(key, next, current, unsaved))
  }

  function deadGrant(key: string, current: Entry): ProxyError {
    metrics?.tokenRefresh?.('dead')
    log({
      level: 'error',
      msg: 'oauth.grant_dead',
      account: key,
      version: current.version,
      reason: 'GHL refused the refresh token (invalid_grant) and no other instance wrote a new one',
      fix: 'install the app again (GET /oauth/install); the record is kept until then',
    })
    return notConnected('dead')
  }

  async function companyToken(companyId: string, refused?: string): Promise<string> {
    const key = keys.company(companyId)
    const entry = await read(key, refused !== undefined)
    if (!entry) throw notConnected('uninstalled')
    if (!refused && usable(entry.grant)) return entry.grant.access!
    if (!refused && valid(entry.grant) && flights.has(key)) return entry.grant.access!
    const renewed = await renewal(key, entry, refused)
    return renewed.grant.access!
  }

  async function locationToken(key: string, current: Entry): Promise<Entry> {
    const { companyId, locationId } = current.grant
    if (!companyId || !locationId) throw notConnected('not_installed')
    let company = await companyToken(companyId)
    let answer
    for (let attempt = 0; ; attempt++) {
      try {
        answer = await oauth.locationToken(company, companyId, locationId)
        break
      } catch (error) {
        const kind = error instanceof OAuthError ? error.kind : undefined
        if (kind === 'unauthorized' && attempt === 0) {
          company = await companyToken(companyId, company)
          continue
        }
        log({
          level: 'error',
          msg: 'oauth.location_token_failed',
          account: key,
          error: (error as Error).message,
        })
        if (kind === 'rejected') throw notConnected('uninstalled')
        if (valid(current.grant)) return current
        throw new ProxyError(
          503,
          'upstream_unavailable',
          'The calendar service is busy. Please try again shortly.',
        )
      }
    }
    metrics?.locationToken?.()
    const next: Grant = {
      ...current.grant,
      access: answer.access_token,
      expiresAt: clock() + answer.expires_in * 1000,
      ...(answer.scope !== undefined && { scope: answer.scope }),
    }
    return remember(key, await store.write(key, next, current, unsaved))
  }

  return {
    async tokenFor(locationId) {
      const key = keys.location(locationId)
      const entry = (await read(key)) ?? (await missing(key))
      if (usable(entry.grant)) return entry.grant.access!
      if (dead.get(key) === entry.version && !valid(entry.grant)) throw notConnected('dead')
      // Being renewed here already, and still good: no need to wait for it.
      if (valid(entry.grant) && flights.has(key)) return entry.grant.access!
      return (await renewal(key, entry)).grant.access!
    },
    async renew(locationId, refused) {
      const key = keys.location(locationId)
      const entry = (await read(key, true)) ?? (await missing(key))
      if (entry.grant.access && entry.grant.access !== refused && valid(entry.grant))
        return entry.grant.access
      // GHL answers 401 for a missing scope too: renewing again within a minute would spend a pair per request.
      if (clock() - (renewedAfter401.get(key) ?? -Infinity) < 60_000) return undefined
      let renewed = await renewal(key, entry, refused)
      // A renewal the clock started, joined here, may keep the still-valid token GHL has just refused: force one.
      if (renewed.grant.access === refused) renewed = await renewal(key, renewed, refused)
      if (renewed.grant.access !== refused) renewedAfter401.set(key, clock())
      return renewed.grant.access
    },
    forget(key) {
      cache.delete(key)
      unsaved.delete(key)
      retried.delete(key)
      dead.delete(key)
      renewedAfter401.delete(key)
    },
  }
}
