/** Helpers for tests of the sandbox's OAuth model: the authorize page's form, and the token endpoints. */
import type { Sandbox } from './index.ts'
import { SANDBOX_OAUTH } from './oauth-ids.ts'

/** A redirect URI every sandbox accepts. */
export const TEST_REDIRECT_URI = 'http://localhost:8787/oauth/callback'

const ORIGIN = 'http://sandbox.test'

/** The authorize URL's query for the sandbox's app. */
export function authorizeQuery(extra: Record<string, string> = {}): URLSearchParams {
  return new URLSearchParams({
    response_type: 'code',
    client_id: SANDBOX_OAUTH.clientId,
    redirect_uri: TEST_REDIRECT_URI,
    scope: 'calendars.readonly calendars/events.write',
    ...extra,
  })
}

/** Posts the authorize page's form as a click on `account`'s button does; resolves with the response. */
export function chooseAccount(
  sandbox: Sandbox,
  account: string,
  query = authorizeQuery(),
): Promise<Response> {
  const body = new URLSearchParams(query)
  body.set('account', account)
  return sandbox.fetch(
    new Request(`${ORIGIN}/v2/oauth/chooselocation?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    }),
  )
}

/** The code of an install on `account` (the redirect's `code`). */
export async function authorize(sandbox: Sandbox, account: string): Promise<string> {
  const response = await chooseAccount(sandbox, account)
  const code = new URL(response.headers.get('location') ?? '', ORIGIN).searchParams.get('code')
  if (response.status !== 302 || !code) throw new Error(`authorize failed: ${response.status}`)
  return code
}

/** Posts a form to an OAuth endpoint; resolves with status and JSON body. */
export async function postForm(
  sandbox: Sandbox,
  path: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any }> {
  const response = await sandbox.fetch(
    new Request(`${ORIGIN}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields),
    }),
  )
  return { status: response.status, body: await response.json() }
}

/** `POST /oauth/token` with the app's credentials and these fields. */
export function tokenRequest(sandbox: Sandbox, fields: Record<string, string>) {
  return postForm(sandbox, '/oauth/token', {
    client_id: SANDBOX_OAUTH.clientId,
    client_secret: SANDBOX_OAUTH.clientSecret,
    ...fields,
  })
}

/** Exchanges a code for a pair. */
export function exchangeCode(sandbox: Sandbox, code: string, redirectUri = TEST_REDIRECT_URI) {
  return tokenRequest(sandbox, { grant_type: 'authorization_code', code, redirect_uri: redirectUri })
}

/** Uses a refresh token. */
export function refreshTokens(sandbox: Sandbox, refreshToken: string) {
  return tokenRequest(sandbox, { grant_type: 'refresh_token', refresh_token: refreshToken })
}
