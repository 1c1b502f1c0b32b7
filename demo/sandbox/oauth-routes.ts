/**
 * GHL's OAuth endpoints as the sandbox serves them: the Marketplace authorize page (`/v2/oauth/chooselocation`,
 * on the sandbox's own origin), `POST /oauth/token` (form-encoded, no Version header) and
 * `POST /oauth/locationToken` (Version 2021-07-28, an agency bearer). Mounted before the API's authentication:
 * these routes check their own credentials. Their answers are the contract's (/work/oauth-contract.md).
 */
import { Hono, type Context } from 'hono'
import { authorizeErrorPage, chooseLocationPage, type AuthorizeParams } from './choose-location.ts'
import { GhlHttpError } from './ghl-error.ts'
import { findAccount, InvalidGrant, type OAuthModel } from './oauth.ts'
import { SANDBOX_OAUTH } from './oauth-ids.ts'
import type { SandboxEnv } from './sandbox-env.ts'

/** GHL's answer to an access token that is unknown, expired or revoked. */
export const INVALID_JWT = { statusCode: 401, message: 'Invalid JWT' } as const
/** GHL's answer to a token of the wrong kind for a route (an agency token on a location's route). */
export const WRONG_AUTH_CLASS =
  'This authClass type is not allowed to access this scope. Please reach out to the Platform team to get it added.'

const LOCATION_TOKEN_VERSION = '2021-07-28'

/** Reads a form-encoded body, or GHL's 422 (a JSON or multipart body included). */
async function readForm(c: Context): Promise<URLSearchParams> {
  const type = c.req.header('content-type') ?? ''
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
    throw new GhlHttpError(422, ['Content-Type must be application/x-www-form-urlencoded'])
  }
  return new URLSearchParams(await c.req.text())
}

/** The values of required fields, or GHL's 422 listing the missing ones. */
function required(form: URLSearchParams, names: string[]): string[] {
  const missing = names.filter((n) => !form.get(n))
  if (missing.length)
    throw new GhlHttpError(
      422,
      missing.map((n) => `${n} should not be empty`),
    )
  return names.map((n) => form.get(n)!)
}

/** The OAuth routes, mounted at the root of the sandbox. */
export function oauthRoutes(oauth: () => OAuthModel): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>()

  /** The authorize request's problem, if any (the page then shows an error, never redirects). */
  const authorizeProblem = (p: Partial<AuthorizeParams>): string | undefined => {
    if (!p.client_id || p.client_id !== oauth().clientId) return 'Unknown client_id.'
    if (!p.redirect_uri || !oauth().isRedirectUri(p.redirect_uri))
      return 'The redirect_uri is not registered for this app.'
    if (p.response_type !== 'code') return 'response_type must be code.'
    return undefined
  }
  const paramsOf = (get: (name: string) => string | undefined): AuthorizeParams => ({
    client_id: get('client_id') ?? '',
    redirect_uri: get('redirect_uri') ?? '',
    response_type: get('response_type') ?? '',
    scope: get('scope'),
    state: get('state'),
  })

  app.get('/v2/oauth/chooselocation', (c) => {
    const params = paramsOf((n) => c.req.query(n))
    const problem = authorizeProblem(params)
    if (problem) return c.html(authorizeErrorPage(problem), 400)
    return c.html(chooseLocationPage(params, 'Booking widget (sandbox app)'))
  })

  app.post('/v2/oauth/chooselocation', async (c) => {
    const form = new URLSearchParams(await c.req.text())
    const params = paramsOf((n) => form.get(n) ?? undefined)
    const problem = authorizeProblem(params)
    if (problem) return c.html(authorizeErrorPage(problem), 400)
    const account = findAccount(form.get('account') ?? '')
    if (!account) return c.html(authorizeErrorPage('Choose an account.'), 400)
    const code = oauth().issueCode(account, params.redirect_uri, params.scope || SANDBOX_OAUTH.defaultScope)
    const target = new URL(params.redirect_uri)
    target.searchParams.set('code', code)
    if (params.state !== undefined) target.searchParams.set('state', params.state)
    return c.redirect(target.href, 302)
  })

  app.post('/oauth/token', async (c) => {
    const form = await readForm(c)
    const [clientId, clientSecret, grantType] = required(form, ['client_id', 'client_secret', 'grant_type'])
    const userType = form.get('user_type')
    if (userType && userType !== 'Company' && userType !== 'Location') {
      throw new GhlHttpError(422, ['user_type must be one of the following values: Company, Location'])
    }
    if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
      throw new GhlHttpError(422, [
        'grant_type must be one of the following values: authorization_code, refresh_token',
      ])
    }
    required(form, grantType === 'authorization_code' ? ['code', 'redirect_uri'] : ['refresh_token'])
    if (!oauth().checkClient(clientId!, clientSecret!)) {
      return c.json({ statusCode: 401, message: 'Invalid client: client_id or client_secret is wrong' }, 401)
    }
    try {
      const pair =
        grantType === 'authorization_code'
          ? oauth().exchangeCode(form.get('code')!, form.get('redirect_uri')!)
          : oauth().refresh(form.get('refresh_token')!)
      return c.json(pair)
    } catch (error) {
      if (!(error instanceof InvalidGrant)) throw error
      return c.json({ statusCode: 400, error: 'invalid_grant', message: error.message }, 400)
    }
  })

  app.post('/oauth/locationToken', async (c) => {
    const version = c.req.header('version')
    if (!version) throw new GhlHttpError(400, 'version header is missing')
    if (version !== LOCATION_TOKEN_VERSION) {
      throw new GhlHttpError(400, `version must be one of the following values: ${LOCATION_TOKEN_VERSION}`)
    }
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1]
    const grant = bearer ? oauth().verify(bearer) : undefined
    if (!grant) return c.json(INVALID_JWT, 401)
    if (grant.userType !== 'Company') throw new GhlHttpError(401, WRONG_AUTH_CLASS)
    const [companyId, locationId] = required(await readForm(c), ['companyId', 'locationId'])
    const token = companyId === grant.companyId ? oauth().locationToken(locationId!) : undefined
    if (!token)
      throw new GhlHttpError(400, `Location ${locationId} is not part of this app's install for ${companyId}`)
    return c.json(token)
  })

  return app
}
