/**
 * A scriptable GHL token endpoint for the token source's unit tests: `/oauth/token` with single-use refresh tokens
 * (a spent one answers 400 invalid_grant, as GHL's), `/oauth/locationToken` for an agency token, a count of every
 * call, and a gate that holds answers back (a slow GHL). The full model is the sandbox's (demo/sandbox).
 */

/** Options of {@link createFakeOAuth}. */
export interface FakeOAuthOptions {
  /** Default `() => 0`. */
  clock?: () => number
  /** Lifetime of the tokens it gives, seconds. Default 86 399. */
  expiresIn?: number
}

/** Builds the fake; `fetch` goes into `createOAuthClient`. */
export function createFakeOAuth(options: FakeOAuthOptions = {}) {
  const clock = options.clock ?? (() => 0)
  const expiresIn = options.expiresIn ?? 86_399
  let serial = 0
  /** Refresh tokens GHL would still take, with the account they refresh. */
  const live = new Map<string, { userType: 'Location' | 'Company'; account: string }>()
  /** Access tokens given, with when they end (ms). */
  const access = new Map<string, number>()
  const calls: { path: string; form: URLSearchParams }[] = []
  let gate: Promise<void> | undefined

  function pair(userType: 'Location' | 'Company', account: string) {
    serial++
    const accessToken = `fake-access-${serial}-${account}`
    const refreshToken = `fake-refresh-${serial}-${account}`
    live.set(refreshToken, { userType, account })
    access.set(accessToken, clock() + expiresIn * 1000)
    return {
      access_token: accessToken,
      refresh_token: refreshToken,
      token_type: 'Bearer',
      expires_in: expiresIn,
      scope: 'calendars.readonly',
      userType,
      companyId: userType === 'Company' ? account : 'cmp-1',
      ...(userType === 'Location' ? { locationId: account } : { approvedLocations: ['loc-a', 'loc-b'] }),
      userId: 'user-1',
    }
  }

  async function fetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const url = new URL(String(input instanceof Request ? input.url : input))
    const form = new URLSearchParams(String(init?.body ?? ''))
    calls.push({ path: url.pathname, form })
    if (gate) await gate
    if (url.pathname === '/oauth/token') {
      const token = form.get('refresh_token') ?? ''
      const grant = live.get(token)
      if (!grant)
        return Response.json(
          { statusCode: 400, error: 'invalid_grant', message: 'Invalid grant' },
          { status: 400 },
        )
      live.delete(token)
      return Response.json(pair(grant.userType, grant.account))
    }
    if (url.pathname === '/oauth/locationToken') {
      const bearer = new Headers(init?.headers).get('authorization')?.replace(/^Bearer /, '') ?? ''
      if (!((access.get(bearer) ?? 0) > clock()))
        return Response.json({ statusCode: 401, message: 'Invalid JWT' }, { status: 401 })
      serial++
      const token = `fake-location-access-${serial}-${form.get('locationId')}`
      access.set(token, clock() + expiresIn * 1000)
      return Response.json({
        access_token: token,
        token_type: 'Bearer',
        expires_in: expiresIn,
        locationId: form.get('locationId'),
      })
    }
    return new Response('not found', { status: 404 })
  }

  return {
    fetch: fetch as typeof globalThis.fetch,
    calls,
    /** A grant as an install gives it (the answer to an authorization code). */
    install: (userType: 'Location' | 'Company', account: string) => pair(userType, account),
    /** Whether GHL would take `token` as an access token now. */
    accepts: (token: string) => (access.get(token) ?? 0) > clock(),
    /** Holds every answer until the returned function is called. */
    hold(): () => void {
      let open!: () => void
      gate = new Promise((resolve) => (open = resolve))
      return () => {
        gate = undefined
        open()
      }
    },
    /** Revokes a refresh token (an uninstall, or one spent elsewhere). */
    revoke: (refreshToken: string) => live.delete(refreshToken),
    refreshCalls: () => calls.filter((call) => call.path === '/oauth/token').length,
  }
}
