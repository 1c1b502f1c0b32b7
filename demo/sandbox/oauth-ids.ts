/**
 * The fixed identities of the sandbox's OAuth model (exported as `SANDBOX.oauth`): the Marketplace app, its agency
 * and the agency's two locations. No imports, so the seed can re-export it without a cycle.
 */
export const SANDBOX_OAUTH = {
  /** The app's client id and secret, unless `createSandbox({ oauth })` gives others. */
  clientId: 'sandbox-client-id',
  clientSecret: 'sandbox-client-secret',
  /** The Marketplace app's id, in the AppInstall / AppUninstall webhooks. */
  appId: 'sandbox-app-id',
  /** The agency (company) that owns both locations; an agency install covers both. */
  companyId: 'cmp-sandbox',
  companyName: 'Sandbox Agency',
  /** The seed location (with the calendars) and a second one with none. */
  locations: { sandbox: 'loc-sandbox', branch: 'loc-branch' },
  /** The user who installs the app (the seed's admin). */
  userId: 'usr-ava',
  /** GHL's access token lifetime, seconds, unless `oauth.accessTtlSeconds` says otherwise. */
  accessTtlSeconds: 86_399,
  /** How long an authorization code can be exchanged, seconds. */
  codeTtlSeconds: 600,
  /** How long an unused refresh token lives, seconds (GHL: a year). */
  refreshTtlSeconds: 365 * 86_400,
  /** The scope granted when the authorize URL names none. */
  defaultScope: 'calendars.readonly calendars/events.write contacts.write locations.readonly users.readonly',
} as const

/** The accounts one can install the app on, as the choose-location page lists them. */
export const OAUTH_ACCOUNTS = [
  { id: SANDBOX_OAUTH.companyId, userType: 'Company', name: SANDBOX_OAUTH.companyName },
  { id: SANDBOX_OAUTH.locations.sandbox, userType: 'Location', name: 'Sandbox Studio' },
  { id: SANDBOX_OAUTH.locations.branch, userType: 'Location', name: 'Sandbox Branch' },
] as const

/** One installable account. */
export type OAuthAccount = (typeof OAUTH_ACCOUNTS)[number]
