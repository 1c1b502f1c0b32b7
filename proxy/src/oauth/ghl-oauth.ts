/**
 * GHL's OAuth calls: `POST /oauth/token` (a code or a refresh token for a pair of tokens) and
 * `POST /oauth/locationToken` (an agency token for a location's). Their own module, not the API client's request
 * path: they are form-encoded, `/oauth/token` takes no Version header, a retry of a refresh could spend a
 * single-use refresh token twice, and none goes through a location's throttle. Answers are validated; errors carry
 * the status and GHL's error code, never a token, a code or the client secret.
 */
import * as v from 'valibot'
import { USER_AGENT } from '../ghl/client.ts'

const Text = v.pipe(v.string(), v.minLength(1), v.maxLength(4096))
const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(100))
const Seconds = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(31_536_000))

/** `/oauth/token`'s answer, the fields the proxy keeps. */
export const TokenAnswer = v.object({
  access_token: Text,
  refresh_token: Text,
  expires_in: Seconds,
  scope: v.optional(v.pipe(v.string(), v.maxLength(4096))),
  userType: v.picklist(['Location', 'Company']),
  companyId: v.optional(Id),
  locationId: v.optional(v.nullable(Id)),
  approvedLocations: v.optional(v.pipe(v.array(Id), v.maxLength(10_000))),
  userId: v.optional(v.pipe(v.string(), v.maxLength(100))),
})
export type TokenAnswer = v.InferOutput<typeof TokenAnswer>

/** `/oauth/locationToken`'s answer. */
export const LocationTokenAnswer = v.object({
  access_token: Text,
  expires_in: Seconds,
  scope: v.optional(v.pipe(v.string(), v.maxLength(4096))),
  locationId: Id,
})
export type LocationTokenAnswer = v.InferOutput<typeof LocationTokenAnswer>

/** A failed OAuth call. `invalid_grant`: the code or refresh token is unknown, used, expired or revoked. */
export class OAuthError extends Error {
  override name = 'OAuthError'
  constructor(
    readonly kind: 'invalid_grant' | 'unauthorized' | 'rejected' | 'unavailable' | 'malformed' | 'timeout',
    message: string,
    readonly status?: number,
  ) {
    super(message)
  }
}

/** Options of {@link createOAuthClient}. */
export interface OAuthClientOptions {
  clientId: string
  clientSecret: string
  /** GHL API base without a trailing slash; the sandbox's in tests. Required. */
  baseUrl: string
  /** Default `globalThis.fetch`. */
  fetch?: typeof fetch
  /** Longest wait for one call, ms. Default 10 000. */
  timeoutMs?: number
}

/** The calls; see {@link createOAuthClient}. */
export interface OAuthClient {
  /** Exchanges an authorization code (from the callback) for a grant. */
  exchangeCode(code: string, redirectUri: string): Promise<TokenAnswer>
  /** Spends `refreshToken` for a new pair. Never retried here: a refresh token is single-use. */
  refresh(refreshToken: string, userType: 'Location' | 'Company'): Promise<TokenAnswer>
  /** A location's token from the agency's (Company) access token. */
  locationToken(companyToken: string, companyId: string, locationId: string): Promise<LocationTokenAnswer>
}

const ErrorAnswer = v.object({ error: v.optional(v.string()), message: v.optional(v.unknown()) })

/** Builds the OAuth calls. */
export function createOAuthClient(options: OAuthClientOptions): OAuthClient {
  const fetchImpl = options.fetch ?? globalThis.fetch
  const timeoutMs = options.timeoutMs ?? 10_000
  const base = options.baseUrl.replace(/\/+$/, '')

  async function post<T>(
    path: string,
    form: Record<string, string>,
    schema: v.GenericSchema<unknown, T>,
    headers: Record<string, string> = {},
  ): Promise<T> {
    let response: Response
    let body: unknown
    try {
      response = await fetchImpl(base + path, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
          'User-Agent': USER_AGENT,
          ...headers,
        },
        body: new URLSearchParams(form).toString(),
        signal: AbortSignal.timeout(timeoutMs),
      })
      body = await response.json().catch(() => undefined)
    } catch (error) {
      const timedOut =
        error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
      // The cause is left out: a network error's text may quote the request.
      throw timedOut
        ? new OAuthError('timeout', `GHL POST ${path} did not answer within ${timeoutMs} ms`)
        : new OAuthError('unavailable', `GHL POST ${path} could not be reached`)
    }
    if (!response.ok) {
      const parsed = v.safeParse(ErrorAnswer, body)
      const code = parsed.success ? parsed.output.error : undefined
      const status = response.status
      if (status === 400 && code === 'invalid_grant')
        throw new OAuthError('invalid_grant', `GHL POST ${path} answered 400 invalid_grant`, status)
      if (status === 401) throw new OAuthError('unauthorized', `GHL POST ${path} answered 401`, status)
      const kind = status === 429 || status >= 500 ? 'unavailable' : 'rejected'
      throw new OAuthError(
        kind,
        `GHL POST ${path} answered ${status}${code ? ` ${code.slice(0, 40)}` : ''}`,
        status,
      )
    }
    const parsed = v.safeParse(schema, body)
    if (!parsed.success) {
      // Paths only: the values are tokens.
      const where = parsed.issues.map((issue) => v.getDotPath(issue) ?? '(root)').join(', ')
      throw new OAuthError(
        'malformed',
        `GHL POST ${path} answered an unexpected shape (at ${where})`,
        response.status,
      )
    }
    return parsed.output
  }

  const client = { client_id: options.clientId, client_secret: options.clientSecret }
  return {
    exchangeCode(code, redirectUri) {
      return post(
        '/oauth/token',
        { ...client, grant_type: 'authorization_code', code, redirect_uri: redirectUri },
        TokenAnswer,
      )
    },
    refresh(refreshToken, userType) {
      return post(
        '/oauth/token',
        { ...client, grant_type: 'refresh_token', refresh_token: refreshToken, user_type: userType },
        TokenAnswer,
      )
    },
    locationToken(companyToken, companyId, locationId) {
      return post('/oauth/locationToken', { companyId, locationId }, LocationTokenAnswer, {
        Version: '2021-07-28',
        Authorization: `Bearer ${companyToken}`,
      })
    },
  }
}
