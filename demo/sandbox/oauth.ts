/**
 * The sandbox's model of GHL's OAuth 2.0 for Marketplace apps: installs (grants) per account, single-use
 * authorization codes bound to their redirect URI, access tokens that expire on the sandbox clock, single-use
 * rotating refresh tokens, and location tokens minted from an agency's token. Everything is bounded: live codes,
 * tokens per grant and remembered used refresh tokens have caps, and there are at most three accounts.
 * One file past the usual size: codes, grants and tokens are one state whose every operation reads the others.
 */
import { LRUCache } from 'lru-cache'
import { OAUTH_ACCOUNTS, SANDBOX_OAUTH, type OAuthAccount } from './oauth-ids.ts'

/** An install webhook to send (the sender adds `timestamp` and `webhookId`). */
export type AppEvent =
  | {
      type: 'INSTALL'
      appId: string
      companyId: string
      locationId?: string
      userId: string
      companyName?: string
    }
  | { type: 'UNINSTALL'; appId: string; locationId: string }
  | { type: 'UNINSTALL'; appId: string; companyId: string }

/** Options of {@link createOAuth}. */
export interface OAuthOptions {
  /** Clock, epoch ms (the sandbox clock). */
  now: () => number
  /** Sends AppInstall / AppUninstall. */
  notify: (event: AppEvent) => void
  /** Default `SANDBOX.oauth.clientId`. */
  clientId?: string
  /** Default `SANDBOX.oauth.clientSecret`. */
  clientSecret?: string
  /** Redirect URIs registered besides any `http://localhost:*` / `http://127.0.0.1:*` `…/oauth/callback`. Default none. */
  redirectUris?: readonly string[]
  /** Access token lifetime, seconds; default 86 399 as GHL. */
  accessTtlSeconds?: number
  /** Live authorization codes kept (the oldest is dropped); default 100. */
  maxCodes?: number
  /** Live access tokens per grant, location tokens included (the oldest is revoked); default 50. */
  maxAccessTokensPerGrant?: number
  /** Live refresh tokens per grant (the oldest is revoked); default 10. */
  maxRefreshTokensPerGrant?: number
  /** Used refresh tokens remembered, only to count refused reuse per grant; default 256. */
  maxUsedRefreshTokens?: number
}

/** Why a code or refresh token is refused: GHL's 400 `invalid_grant`. */
export class InvalidGrant extends Error {}

/** What a valid access token grants. */
export interface AccessGrant {
  userType: 'Company' | 'Location'
  companyId: string
  /** The location of a Location token. */
  locationId?: string
  /** The locations a Company token may mint location tokens for. */
  approvedLocations: string[]
}

interface Grant {
  account: OAuthAccount
  scope: string
  installedAt: number
  approvedLocations: string[]
  /** Insertion order is age order: the first is the oldest. */
  access: Map<string, { expiresAt: number; locationId?: string; userType: 'Company' | 'Location' }>
  refresh: Map<string, number>
  counts: { tokenExchanges: number; refreshes: number; refusedRefreshes: number; locationTokens: number }
}

interface Code {
  account: OAuthAccount
  redirectUri: string
  scope: string
  expiresAt: number
}

/** A random opaque token (not the PIT's `pit-` form). */
function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24))
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
}

/** Drops the oldest entries of a Map until it holds at most `max`. */
function cap<K, V>(map: Map<K, V>, max: number): void {
  for (const key of map.keys()) {
    if (map.size <= max) return
    map.delete(key)
  }
}

/** Builds the OAuth model. */
export function createOAuth(options: OAuthOptions) {
  const { now } = options
  const clientId = options.clientId ?? SANDBOX_OAUTH.clientId
  const clientSecret = options.clientSecret ?? SANDBOX_OAUTH.clientSecret
  const accessTtlMs = (options.accessTtlSeconds ?? SANDBOX_OAUTH.accessTtlSeconds) * 1000
  const maxCodes = options.maxCodes ?? 100
  const maxAccess = options.maxAccessTokensPerGrant ?? 50
  const maxRefresh = options.maxRefreshTokensPerGrant ?? 10
  const registered = new Set(options.redirectUris ?? [])
  let grants = new Map<string, Grant>()
  let codes = new Map<string, Code>()
  const used = new LRUCache<string, string>({ max: options.maxUsedRefreshTokens ?? 256 })

  const expiresIn = () => Math.round(accessTtlMs / 1000)

  function issueAccess(grant: Grant, userType: 'Company' | 'Location', locationId?: string): string {
    const at = now()
    for (const [token, entry] of grant.access) if (entry.expiresAt <= at) grant.access.delete(token)
    const token = randomToken()
    grant.access.set(token, { expiresAt: at + accessTtlMs, userType, ...(locationId && { locationId }) })
    cap(grant.access, maxAccess)
    return token
  }

  /** A new access and refresh pair for a grant, as `POST /oauth/token` answers it. */
  function issuePair(grant: Grant) {
    const { account } = grant
    const location = account.userType === 'Location'
    const access_token = issueAccess(grant, account.userType, location ? account.id : undefined)
    const refresh_token = randomToken()
    grant.refresh.set(refresh_token, now() + SANDBOX_OAUTH.refreshTtlSeconds * 1000)
    cap(grant.refresh, maxRefresh)
    return {
      access_token,
      token_type: 'Bearer',
      expires_in: expiresIn(),
      refresh_token,
      scope: grant.scope,
      userType: account.userType,
      companyId: SANDBOX_OAUTH.companyId,
      ...(location ? { locationId: account.id } : { approvedLocations: [...grant.approvedLocations] }),
      userId: SANDBOX_OAUTH.userId,
      isBulkInstallation: false,
    }
  }

  function findAccess(token: string) {
    for (const grant of grants.values()) {
      const entry = grant.access.get(token)
      if (entry) return entry.expiresAt > now() ? entry : undefined
    }
    return undefined
  }

  return {
    clientId,
    /** Whether client credentials match the app's. */
    checkClient: (id: string, secret?: string) =>
      id === clientId && (secret === undefined || secret === clientSecret),
    /** Whether a redirect URI is registered: any local `…/oauth/callback`, or one given in the options. */
    isRedirectUri(uri: string): boolean {
      if (registered.has(uri)) return true
      const url = URL.parse(uri)
      return (
        url?.protocol === 'http:' &&
        (url.hostname === 'localhost' || url.hostname === '127.0.0.1') &&
        url.pathname.endsWith('/oauth/callback')
      )
    },
    /** A new single-use code for an account the user picked. */
    issueCode(account: OAuthAccount, redirectUri: string, scope: string): string {
      const at = now()
      for (const [code, entry] of codes) if (entry.expiresAt <= at) codes.delete(code)
      const code = randomToken()
      codes.set(code, {
        account,
        redirectUri,
        scope,
        expiresAt: at + SANDBOX_OAUTH.codeTtlSeconds * 1000,
      })
      cap(codes, maxCodes)
      return code
    },
    /** Exchanges a code (once) for a pair; the first exchange for an account installs the app there. */
    exchangeCode(code: string, redirectUri: string) {
      const entry = codes.get(code)
      if (!entry || entry.expiresAt <= now())
        throw new InvalidGrant('Invalid grant: authorization code is invalid')
      if (entry.redirectUri !== redirectUri)
        throw new InvalidGrant('Invalid grant: redirect_uri does not match')
      codes.delete(code)
      const { account } = entry
      let grant = grants.get(account.id)
      if (!grant) {
        grant = {
          account,
          scope: entry.scope,
          installedAt: now(),
          approvedLocations:
            account.userType === 'Company' ? Object.values(SANDBOX_OAUTH.locations) : [account.id],
          access: new Map(),
          refresh: new Map(),
          counts: { tokenExchanges: 0, refreshes: 0, refusedRefreshes: 0, locationTokens: 0 },
        }
        grants.set(account.id, grant)
        options.notify({
          type: 'INSTALL',
          appId: SANDBOX_OAUTH.appId,
          companyId: SANDBOX_OAUTH.companyId,
          ...(account.userType === 'Location'
            ? { locationId: account.id }
            : { companyName: SANDBOX_OAUTH.companyName }),
          userId: SANDBOX_OAUTH.userId,
        })
      }
      grant.scope = entry.scope
      grant.counts.tokenExchanges++
      return issuePair(grant)
    },
    /** Uses a refresh token (once) for a new pair; earlier access tokens stay valid until they expire. */
    refresh(refreshToken: string) {
      for (const grant of grants.values()) {
        const expiresAt = grant.refresh.get(refreshToken)
        if (expiresAt === undefined) continue
        grant.refresh.delete(refreshToken)
        if (expiresAt <= now()) break
        used.set(refreshToken, grant.account.id)
        grant.counts.refreshes++
        return issuePair(grant)
      }
      const owner = used.get(refreshToken)
      if (owner) {
        const grant = grants.get(owner)
        if (grant) grant.counts.refusedRefreshes++
      }
      throw new InvalidGrant('Invalid grant: refresh token is invalid')
    },
    /** What an access token grants, or undefined when it is unknown, expired or revoked. */
    verify(token: string): AccessGrant | undefined {
      const entry = findAccess(token)
      if (!entry) return undefined
      const company = grants.get(SANDBOX_OAUTH.companyId)
      return {
        userType: entry.userType,
        companyId: SANDBOX_OAUTH.companyId,
        ...(entry.locationId && { locationId: entry.locationId }),
        approvedLocations: entry.userType === 'Company' ? [...(company?.approvedLocations ?? [])] : [],
      }
    },
    /** A location token from the agency's grant, or undefined when the location is not in its install. */
    locationToken(locationId: string) {
      const grant = grants.get(SANDBOX_OAUTH.companyId)
      if (!grant || !grant.approvedLocations.includes(locationId)) return undefined
      grant.counts.locationTokens++
      return {
        access_token: issueAccess(grant, 'Location', locationId),
        token_type: 'Bearer',
        expires_in: expiresIn(),
        scope: grant.scope,
        locationId,
        userId: SANDBOX_OAUTH.userId,
      }
    },
    /**
     * Uninstalls the app from a location (its grant, and the agency's location tokens for it, which also stops
     * covering it) or from the agency (every grant). False when there was no install there.
     */
    uninstall(target: { locationId: string } | { companyId: string }): boolean {
      if ('companyId' in target) {
        if (target.companyId !== SANDBOX_OAUTH.companyId || grants.size === 0) return false
        grants = new Map()
        options.notify({ type: 'UNINSTALL', appId: SANDBOX_OAUTH.appId, companyId: target.companyId })
        return true
      }
      const { locationId } = target
      const company = grants.get(SANDBOX_OAUTH.companyId)
      const covered = company?.approvedLocations.includes(locationId) ?? false
      if (!grants.delete(locationId) && !covered) return false
      if (company) {
        company.approvedLocations = company.approvedLocations.filter((id) => id !== locationId)
        for (const [token, entry] of company.access)
          if (entry.locationId === locationId) company.access.delete(token)
      }
      options.notify({ type: 'UNINSTALL', appId: SANDBOX_OAUTH.appId, locationId })
      return true
    },
    /** The grants, without any token value. */
    state() {
      const at = now()
      return {
        grants: [...grants.values()].map((g) => {
          const live = [...g.access.values()].filter((e) => e.expiresAt > at)
          const own = live.filter((e) => e.userType === g.account.userType)
          const expiresAt = own.length ? Math.max(...own.map((e) => e.expiresAt)) : undefined
          return {
            account: g.account.id,
            userType: g.account.userType,
            companyId: SANDBOX_OAUTH.companyId,
            approvedLocations: [...g.approvedLocations],
            scope: g.scope,
            installedAt: new Date(g.installedAt).toISOString(),
            ...(expiresAt !== undefined && { expiresAt: new Date(expiresAt).toISOString() }),
            liveAccessTokens: live.length,
            liveRefreshTokens: g.refresh.size,
            counts: { ...g.counts },
          }
        }),
        liveCodes: [...codes.values()].filter((c) => c.expiresAt > at).length,
      }
    },
    /** Forgets every grant, code and used token. */
    reset() {
      grants = new Map()
      codes = new Map()
      used.clear()
    },
  }
}

/** The OAuth model of one sandbox. */
export type OAuthModel = ReturnType<typeof createOAuth>

/** The installable account with this id, if any. */
export function findAccount(id: string): OAuthAccount | undefined {
  return OAUTH_ACCOUNTS.find((a) => a.id === id)
}
