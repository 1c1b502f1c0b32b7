/**
 * The demo's Marketplace app: the proxy's Marketplace mode set up against the sandbox's OAuth model, and the install
 * a site owner does in a browser (the proxy's `/oauth/install`, the sandbox's choose-location page, the proxy's
 * callback) done over HTTP, so `npm run demo` starts with the app installed on the demo site's location.
 */
import type { MarketplaceSettings } from '../proxy/src/config/oauth.ts'
import { DEFAULT_OAUTH_SCOPES } from '../proxy/src/config/oauth.ts'
import { SANDBOX } from './sandbox/index.ts'

/**
 * The demo's key for sealing its Marketplace tokens and signing install states: fixed and public, 32 bytes. For the
 * demo on loopback only; a deployment sets its own TOKEN_ENCRYPTION_KEY (`openssl rand -base64 32`).
 */
export const DEMO_TOKEN_ENCRYPTION_KEY = 'demo-only-key-never-use-in-prod!'

/**
 * How the demo site's location reaches GHL:
 * - `marketplace` (default): Marketplace tokens only, the app installed on the location at start through the
 *   install flow a browser goes through (the panel shows the grant, and can uninstall and install it again);
 * - `marketplace-not-installed`: Marketplace tokens only and no install: the widget says booking is not available
 *   until someone installs the app (the panel's "Install the app");
 * - `pit`: the sandbox's Private Integration Token, which goes before any install.
 *
 * Marketplace mode is on in all three, so `/oauth/install` always works.
 */
export type DemoTokens = 'marketplace' | 'marketplace-not-installed' | 'pit'

/** The token modes, for checking `DEMO_TOKENS`. */
export const DEMO_TOKENS: readonly DemoTokens[] = ['marketplace', 'marketplace-not-installed', 'pit']

/**
 * Marketplace mode for a proxy at `url` (its callback is `${url}/oauth/callback`) against the sandbox at
 * `sandboxUrl`, which is also the Marketplace's host (the choose-location page).
 */
export function demoMarketplace(url: string, sandboxUrl: string): MarketplaceSettings {
  return {
    clientId: SANDBOX.oauth.clientId,
    clientSecret: SANDBOX.oauth.clientSecret,
    appId: SANDBOX.oauth.appId,
    redirectUri: `${url}/oauth/callback`,
    marketplaceUrl: sandboxUrl,
    // The demo site puts an opportunity in a pipeline after each booking (demo/sites.json).
    scopes: `${DEFAULT_OAUTH_SCOPES} opportunities.readonly opportunities.write`,
    encryptionKey: new TextEncoder().encode(DEMO_TOKEN_ENCRYPTION_KEY) as Uint8Array<ArrayBuffer>,
  }
}

/** Throws unless `response` has `status`, naming the step. */
async function expect(response: Response, status: number, step: string): Promise<Response> {
  if (response.status !== status) {
    const text = await response.text().catch(() => '')
    throw new Error(
      `Installing the demo's app: ${step} answered ${response.status}, not ${status}: ${text.slice(0, 200)}`,
    )
  }
  return response
}

/**
 * Installs the app on `account` (default the demo site's location) as a browser does: `GET ${url}/oauth/install`,
 * the choose-location page it leads to, the account's button (the form's POST), and the callback with the state
 * cookie. Resolves once the callback answered 200.
 */
export async function installApp(
  url: string,
  account: string = SANDBOX.oauth.locations.sandbox,
): Promise<void> {
  const manual = { redirect: 'manual' } as const
  const start = await expect(await fetch(`${url}/oauth/install`, manual), 302, '/oauth/install')
  const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0]!
  const authorize = new URL(start.headers.get('location')!)
  await (await expect(await fetch(authorize), 200, 'the choose-location page')).arrayBuffer()
  const form = new URLSearchParams(authorize.searchParams)
  form.set('account', account)
  const chosen = await expect(
    await fetch(authorize, { ...manual, method: 'POST', body: form }),
    302,
    'the account',
  )
  const callback = await fetch(chosen.headers.get('location')!, { ...manual, headers: { cookie } })
  await (await expect(callback, 200, '/oauth/callback')).arrayBuffer()
}
