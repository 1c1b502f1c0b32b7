/**
 * Configuration of Marketplace (OAuth 2.0) mode: the app's client id and secret, where GHL sends the browser back,
 * and the key grants are sealed with. Both `GHL_CLIENT_ID` and `GHL_CLIENT_SECRET` turn it on; without them the
 * proxy runs in Private Integration Token mode, as before. Messages name the variable, never its value.
 */
import * as v from 'valibot'
import { fromBase64 } from '../bytes.ts'

/** GHL's Marketplace host (the authorize page). White-label: `https://marketplace.leadconnectorhq.com`. */
export const GHL_MARKETPLACE_URL = 'https://marketplace.gohighlevel.com'

/**
 * The scopes the proxy asks an install for by default: the Private Integration Token's (README) plus `oauth.write`,
 * which an agency install needs to get location tokens (`/oauth/locationToken`). See {@link defaultOAuthScopes}.
 */
export const DEFAULT_OAUTH_SCOPES = [
  'calendars.readonly',
  'calendars/events.readonly',
  'calendars/events.write',
  'contacts.readonly',
  'contacts.write',
  'locations.readonly',
  'users.readonly',
  'oauth.write',
].join(' ')

/** The opportunities' scopes, asked for only when a site makes opportunities. */
export const OPPORTUNITY_SCOPES = 'opportunities.readonly opportunities.write'

/** The default scopes for these sites: {@link DEFAULT_OAUTH_SCOPES}, with the opportunities' when a site uses them. */
export function defaultOAuthScopes(
  sites: readonly { opportunity?: unknown; calendarOpportunities?: unknown }[],
): string {
  const opportunities = sites.some((site) => site.opportunity || site.calendarOpportunities)
  return opportunities ? `${DEFAULT_OAUTH_SCOPES} ${OPPORTUNITY_SCOPES}` : DEFAULT_OAUTH_SCOPES
}

const Secret = v.pipe(
  v.string(),
  v.regex(/^[\x21-\x7e]{1,512}$/, 'Expected 1 to 512 visible ASCII characters'),
)

/** The variables of Marketplace mode, as a part of the proxy's environment schema. */
export const OAuthEnv = {
  GHL_CLIENT_ID: v.optional(Secret),
  GHL_CLIENT_SECRET: v.optional(Secret),
  /** Install webhooks of another app are ignored when set. */
  GHL_APP_ID: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,100}$/, 'Expected a GHL app id'))),
  GHL_OAUTH_REDIRECT_URI: v.optional(
    v.pipe(
      v.string(),
      v.url(
        'Expected the proxy’s public URL ending /oauth/callback, such as https://booking.example.com/oauth/callback',
      ),
      v.regex(
        /^https?:\/\/[^?#]+\/oauth\/callback$/,
        'Expected an http(s) URL ending /oauth/callback, without a query',
      ),
    ),
  ),
  GHL_MARKETPLACE_URL: v.optional(
    v.pipe(
      v.string(),
      v.url('Expected a URL such as ' + GHL_MARKETPLACE_URL),
      v.regex(/^https?:\/\/[^/?#]+\/?$/, 'Expected an origin only, such as ' + GHL_MARKETPLACE_URL),
    ),
    GHL_MARKETPLACE_URL,
  ),
  GHL_OAUTH_SCOPES: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^[A-Za-z0-9./_-]+( +[A-Za-z0-9./_-]+)*$/, 'Expected scopes separated by spaces'),
    ),
  ),
  TOKEN_ENCRYPTION_KEY: v.optional(v.string()),
  TOKEN_ENCRYPTION_KEY_PREVIOUS: v.optional(v.string()),
}

/** What Marketplace mode runs on, from {@link marketplaceSettings}. */
export interface MarketplaceSettings {
  clientId: string
  clientSecret: string
  /**
   * The app's id: install and uninstall webhooks of another app are ignored. Required: GHL signs every app's webhooks
   * with one key, so the signature alone does not tell this app's uninstall from another's.
   */
  appId: string
  /** The proxy's `…/oauth/callback`, as registered in the app. */
  redirectUri: string
  /** The Marketplace origin, without a trailing slash. */
  marketplaceUrl: string
  /** Space-separated. */
  scopes: string
  /** 32 bytes. */
  encryptionKey: Uint8Array<ArrayBuffer>
  previousEncryptionKey?: Uint8Array<ArrayBuffer>
}

type OAuthVariables = { [K in keyof typeof OAuthEnv]?: string }

function key(name: string, text: string): Uint8Array<ArrayBuffer> {
  const bytes = fromBase64(text.trim())
  if (!bytes || bytes.byteLength !== 32) {
    throw new Error(
      `${name}: expected 32 random bytes in base64 or base64url (for example from \`openssl rand -base64 32\`)` +
        (bytes ? `, got ${bytes.byteLength} bytes` : ''),
    )
  }
  return bytes
}

/**
 * The settings of Marketplace mode from the validated variables, or undefined when it is off. Throws an Error
 * naming the variable when they do not make a whole (a client id without a secret, no redirect URI, a key that is
 * not 32 bytes); never quotes a value.
 */
export function marketplaceSettings(
  env: OAuthVariables,
  sites: Parameters<typeof defaultOAuthScopes>[0] = [],
): MarketplaceSettings | undefined {
  const { GHL_CLIENT_ID: clientId, GHL_CLIENT_SECRET: clientSecret } = env
  if (!clientId && !clientSecret) {
    const stray = (
      ['GHL_OAUTH_REDIRECT_URI', 'TOKEN_ENCRYPTION_KEY', 'TOKEN_ENCRYPTION_KEY_PREVIOUS'] as const
    ).find((name) => env[name])
    if (stray)
      throw new Error(`${stray} is set without GHL_CLIENT_ID and GHL_CLIENT_SECRET (Marketplace mode is off)`)
    return undefined
  }
  if (!clientId)
    throw new Error('GHL_CLIENT_SECRET is set without GHL_CLIENT_ID: Marketplace mode needs both')
  if (!clientSecret)
    throw new Error('GHL_CLIENT_ID is set without GHL_CLIENT_SECRET: Marketplace mode needs both')
  if (!env.GHL_APP_ID) {
    throw new Error(
      'GHL_APP_ID is not set: Marketplace mode needs the app’s id (in its URL in the Marketplace), since GHL signs every app’s webhooks with one key and only the id tells this app’s uninstall from another’s',
    )
  }
  if (!env.GHL_OAUTH_REDIRECT_URI) {
    throw new Error(
      'GHL_OAUTH_REDIRECT_URI is not set: Marketplace mode needs the proxy’s public …/oauth/callback URL, as registered in the app',
    )
  }
  if (!env.TOKEN_ENCRYPTION_KEY) {
    throw new Error(
      'TOKEN_ENCRYPTION_KEY is not set: Marketplace mode seals its tokens with it (32 random bytes, `openssl rand -base64 32`)',
    )
  }
  const encryptionKey = key('TOKEN_ENCRYPTION_KEY', env.TOKEN_ENCRYPTION_KEY)
  const previous = env.TOKEN_ENCRYPTION_KEY_PREVIOUS
  const previousEncryptionKey = previous ? key('TOKEN_ENCRYPTION_KEY_PREVIOUS', previous) : undefined
  if (previousEncryptionKey && previousEncryptionKey.every((byte, i) => byte === encryptionKey[i])) {
    throw new Error(
      'TOKEN_ENCRYPTION_KEY_PREVIOUS is the same as TOKEN_ENCRYPTION_KEY: it must be the old one',
    )
  }
  return {
    clientId,
    clientSecret,
    appId: env.GHL_APP_ID,
    redirectUri: env.GHL_OAUTH_REDIRECT_URI,
    marketplaceUrl: (env.GHL_MARKETPLACE_URL ?? GHL_MARKETPLACE_URL).replace(/\/+$/, ''),
    scopes: env.GHL_OAUTH_SCOPES ?? defaultOAuthScopes(sites),
    encryptionKey,
    ...(previousEncryptionKey && { previousEncryptionKey }),
  }
}
