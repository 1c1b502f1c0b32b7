/**
 * Marketplace (OAuth 2.0) mode put together from its settings: the sealer, the grant store over the token store,
 * the token source the GHL client asks, installs and uninstalls, the GHL OAuth calls and the install states.
 * Runtime-free: Web Crypto and fetch only.
 */
import type { MarketplaceSettings } from '../config/oauth.ts'
import type { Logger } from '../logger.ts'
import type { Metrics } from '../metrics/metrics.ts'
import { createMemoryTokenStore, type TokenStore } from '../stores/tokens.ts'
import type { Clock } from '../types.ts'
import { createAccounts, type Accounts } from './accounts.ts'
import { createGrantStore } from './grant-store.ts'
import { createOAuthClient, type OAuthClient } from './ghl-oauth.ts'
import { createSealer } from './seal.ts'
import { createStateSigner, type StateSigner } from './state.ts'
import { createTokenSource, type TokenSource, type TokenSourceOptions } from './token-source.ts'

/** Options of {@link createMarketplace}. */
export interface MarketplaceOptions {
  settings: MarketplaceSettings
  /** GHL API base (`/oauth/token` is there). Required. */
  apiBase: string
  /** Where grants are kept. Default {@link createMemoryTokenStore} on `clock`. */
  tokenStore?: TokenStore
  /** Default `globalThis.fetch`. */
  fetch?: typeof fetch
  /** Default `Date.now`. */
  clock?: Clock
  /** Default `setTimeout`. */
  sleep?: (ms: number) => Promise<void>
  /** The token source's timings (margin, lease, waits, cache); defaults in {@link TokenSourceOptions}. */
  tuning?: Pick<TokenSourceOptions, 'refreshMarginMs' | 'leaseMs' | 'waitMs' | 'cacheTtlMs' | 'cacheBytes'>
  /** Longest wait for one OAuth call, ms. Default 10 000. */
  oauthTimeoutMs?: number
  /** Default nothing. */
  log?: Logger
  /** Default none. */
  metrics?: Metrics
  /**
   * Whether the sites file names a location: grants are kept only for accounts that serve one (see accounts.ts).
   * Default every location.
   */
  serves?: (locationId: string) => boolean
}

/** Marketplace mode's parts. */
export interface Marketplace {
  settings: MarketplaceSettings
  tokens: TokenSource
  accounts: Accounts
  oauth: OAuthClient
  states: StateSigner
}

/** Builds Marketplace mode. */
export function createMarketplace(options: MarketplaceOptions): Marketplace {
  const { settings, clock = Date.now, log, metrics } = options
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const store = options.tokenStore ?? createMemoryTokenStore({ clock })
  const sealer = createSealer({ key: settings.encryptionKey, previousKey: settings.previousEncryptionKey })
  const oauth = createOAuthClient({
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    baseUrl: options.apiBase,
    fetch: options.fetch,
    timeoutMs: options.oauthTimeoutMs,
  })
  const grants = createGrantStore({ store, sealer, sleep, log })
  const tokens = createTokenSource({ ...options.tuning, store: grants, oauth, clock, sleep, log, metrics })
  return {
    settings,
    tokens,
    accounts: createAccounts({ store, sealer, forget: tokens.forget, clock, serves: options.serves }),
    oauth,
    states: createStateSigner({
      key: settings.encryptionKey,
      previousKey: settings.previousEncryptionKey,
      clock,
    }),
  }
}
