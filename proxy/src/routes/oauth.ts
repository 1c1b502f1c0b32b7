/**
 * `GET /oauth/install` and `GET /oauth/callback`: the install flow of the Marketplace app. Install sends the
 * browser to GHL's choose-location page with a signed, expiring, one-time state, bound to that browser by an
 * HttpOnly cookie; the callback checks it before anything else, exchanges the code, and stores the grant. Both
 * answer small HTML pages (never a token) and are limited per visitor address. Mounted only in Marketplace mode.
 */
import { Hono, type Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { html } from 'hono/html'
import type { Site } from '../config/sites.ts'
import type { Logger } from '../logger.ts'
import { checkIpv6Prefix, DEFAULT_IPV6_PREFIX, visitorKey } from '../middleware/visitor-address.ts'
import { OAuthError } from '../oauth/ghl-oauth.ts'
import type { Marketplace } from '../oauth/marketplace.ts'
import type { StateProblem } from '../oauth/state.ts'
import type { RateLimitStore } from '../stores/rate-limit.ts'
import type { ReplayGuard } from '../stores/replay.ts'
import { oauthPage } from './oauth-page.ts'

/** The cookie that binds a state to the browser that asked for it. */
export const STATE_COOKIE = 'ghl_oauth_state'

/** What the OAuth routes need. */
export interface OAuthRoutesDeps {
  marketplace: Marketplace
  /** The sites file's sites, for the callback's list of the sites an install serves. */
  sites: readonly Site[]
  /** Whether a location's sites use a Private Integration Token (then the install does not serve them). */
  hasPit: (locationId: string) => boolean
  /** Remembers used states (one use each). */
  replay: ReplayGuard
  rateLimitStore: RateLimitStore
  /** The visitor's address. Default unknown: every visitor shares one limit. */
  clientIp?: (c: Context) => string | undefined
  /** Default 64. */
  ipv6Prefix?: number
  /** Requests per visitor address and minute, both routes together. Default 20. */
  limit?: number
  /** Default nothing. */
  log?: Logger
}

const PROBLEMS: Record<StateProblem | 'reused', string> = {
  missing: 'The answer from GHL carries no state, so it cannot be checked.',
  tampered: 'The state in the answer from GHL is not one this proxy signed (altered or made up).',
  expired: 'The install took too long: its state has expired.',
  cookie_mismatch: 'The install was started in another browser (or its cookie is gone).',
  reused: 'This answer from GHL was used already.',
}

/** Builds the sub-app mounted at `/oauth`. */
export function oauthRoutes(deps: OAuthRoutesDeps) {
  const { marketplace, replay, log = () => {} } = deps
  const { settings, states } = marketplace
  const ipv6Prefix = checkIpv6Prefix(deps.ipv6Prefix ?? DEFAULT_IPV6_PREFIX)
  const limit = deps.limit ?? 20
  const secure = settings.redirectUri.startsWith('https:')
  // The callback's folder, where the proxy is mounted: `/oauth`, or `/booking/oauth` behind a path prefix.
  const cookiePath = new URL(settings.redirectUri).pathname.replace(/\/callback$/, '')
  const again = html`<p><a href="install">Start the install again</a>.</p>`

  const app = new Hono()
  app.use(async (c, next) => {
    const ip = deps.clientIp?.(c)
    const key = `oauth:ip:${ip === undefined ? 'unknown' : visitorKey(ip, ipv6Prefix)}`
    const count = await deps.rateLimitStore.hit(key, 60_000)
    if (count.count > limit) return oauthPage(c, 429, 'Too many requests', html`<p>Please wait a minute.</p>`)
    await next()
    c.header('Cache-Control', 'no-store')
  })

  app.get('/install', async (c) => {
    const { state, nonce } = await states.issue()
    setCookie(c, STATE_COOKIE, nonce, {
      httpOnly: true,
      sameSite: 'Lax',
      path: cookiePath,
      secure,
      maxAge: 600,
    })
    const query = new URLSearchParams({
      response_type: 'code',
      redirect_uri: settings.redirectUri,
      client_id: settings.clientId,
      scope: settings.scopes,
      state,
    })
    // %20 rather than +: the scope list is space-separated, and not every reader decodes + as a space.
    return c.redirect(
      `${settings.marketplaceUrl}/v2/oauth/chooselocation?${query.toString().replace(/\+/g, '%20')}`,
      302,
    )
  })

  app.get('/callback', async (c) => {
    const checked = await states.check(c.req.query('state'), getCookie(c, STATE_COOKIE))
    const problem = !checked.ok
      ? checked.problem
      : !(await replay.firstSeen(`oauth-state:${checked.nonce}`))
        ? 'reused'
        : undefined
    if (problem) {
      log({ level: 'warn', msg: 'oauth.callback_refused', problem })
      return oauthPage(
        c,
        400,
        'The install could not be checked',
        html`<p>${PROBLEMS[problem]}</p>
          ${again}`,
      )
    }
    deleteCookie(c, STATE_COOKIE, { path: cookiePath, secure })
    const error = c.req.query('error')
    if (error !== undefined) {
      log({ level: 'warn', msg: 'oauth.install_declined', error: error.slice(0, 100) })
      return oauthPage(
        c,
        400,
        'GHL did not install the app',
        html`<p>GHL answered: ${error.slice(0, 200)}.</p>
          ${again}`,
      )
    }
    const code = c.req.query('code')
    if (!code || code.length > 2048)
      return oauthPage(
        c,
        400,
        'No code from GHL',
        html`<p>The answer carries no code.</p>
          ${again}`,
      )
    let answer
    try {
      answer = await marketplace.oauth.exchangeCode(code, settings.redirectUri)
    } catch (error) {
      const refused = error instanceof OAuthError && error.kind === 'invalid_grant'
      log({ level: 'error', msg: 'oauth.exchange_failed', error: (error as Error).message })
      return refused
        ? oauthPage(
            c,
            400,
            'GHL refused the code',
            html`<p>It was used already or has expired.</p>
              ${again}`,
          )
        : oauthPage(
            c,
            502,
            'GHL could not be reached',
            html`<p>The code could not be exchanged.</p>
              ${again}`,
          )
    }
    let installed
    try {
      installed = await marketplace.accounts.install(answer)
    } catch (error) {
      // The code is spent and GHL's pair cannot be kept: only a new install gives another.
      log({ level: 'error', msg: 'oauth.install_unsaved', error: (error as Error).message })
      return oauthPage(
        c,
        503,
        'The install could not be saved',
        html`<p>GHL accepted it, but the proxy could not store it.</p>
          ${again}`,
      )
    }
    if (!installed.locations.length) {
      log({ level: 'warn', msg: 'oauth.install_unused', userType: installed.userType })
      return oauthPage(
        c,
        200,
        'Nothing to serve',
        html`<p>
          No site of this proxy uses the
          ${installed.userType === 'Company' ? 'agency’s locations' : 'location'}
          <strong>${installed.accountId}</strong>, so nothing was kept. Add a site for it to the sites file,
          restart the proxy, then install again.
        </p>`,
      )
    }
    const served = deps.sites.filter((site) => installed.locations.includes(site.locationId))
    log({
      level: 'info',
      msg: 'oauth.installed',
      userType: installed.userType,
      account: installed.accountId,
      locations: installed.locations.length,
      sites: served.map((site) => site.id),
    })
    const items = served.map((site) => {
      const note = deps.hasPit(site.locationId)
        ? ' (uses its Private Integration Token, which goes first)'
        : ''
      return html`<li>${site.id}: location ${site.locationId}${note}</li>`
    })
    const what = installed.userType === 'Company' ? 'agency' : 'location'
    return oauthPage(
      c,
      200,
      'Connected',
      html`<p>
          The app is installed on the ${what} <strong>${installed.accountId}</strong>${
            installed.userType === 'Company' ? `, for ${installed.locations.length} locations.` : '.'
          }
        </p>
        <p>Sites of this proxy it serves now:</p>
        <ul>
          ${items}
        </ul>`,
    )
  })
  return app
}
