/**
 * The proxy's configuration from the environment and the sites file, validated at start. A bad value stops
 * the process with a message naming the variable or the field (`sites[1].origins[0]`); a token's value is
 * never printed.
 */
import * as v from 'valibot'
import { ConfigError } from './config-error.ts'
import { GHL_API_BASE } from '../ghl/client.ts'
import { SitesFile, type Site } from './sites.ts'
import { MANAGE_SECRET_ENV, ManageSecret, manageSecrets, type ManageSecrets } from './manage.ts'
import { TURNSTILE_VERIFY_URL } from '../services/bookings/turnstile.ts'
import { marketplaceSettings, OAuthEnv, type MarketplaceSettings } from './oauth.ts'

const int = (min: number, max: number) =>
  v.pipe(
    v.string(),
    v.regex(/^\d+$/, 'Expected a whole number'),
    v.transform(Number),
    v.minValue(min),
    v.maxValue(max),
  )

/** The environment variables the proxy reads (tokens aside: their names come from the sites). */
export const ProxyEnv = v.object({
  GHL_API_BASE: v.optional(
    v.pipe(v.string(), v.url('Expected a URL such as https://services.leadconnectorhq.com')),
    GHL_API_BASE,
  ),
  SITES_FILE: v.optional(v.pipe(v.string(), v.minLength(1)), 'sites.json'),
  /**
   * The sites file's JSON itself, in place of `SITES_FILE`: where there are no files to read (Cloudflare Workers,
   * Deno Deploy). Default unset.
   */
  SITES: v.optional(v.pipe(v.string(), v.minLength(1))),
  PORT: v.optional(int(0, 65_535), '8787'),
  HOST: v.optional(v.string(), '0.0.0.0'),
  /**
   * How many reverse proxies in front of the proxy append to X-Forwarded-For (`1` behind one load balancer). The
   * visitor IP is the entry that many places from the right; with `0` it is the socket's peer.
   */
  TRUST_PROXY: v.optional(int(0, 10), '0'),
  /** IPv6 visitors are rate-limited per network of this many leading bits: one /64 is one subscriber's. */
  IPV6_PREFIX: v.optional(int(16, 128), '64'),
  /** How long SIGTERM or SIGINT lets requests in flight finish before the process exits, ms. */
  SHUTDOWN_GRACE_MS: v.optional(int(0, 600_000), '20000'),
  WIDGET_FILE: v.optional(v.string(), 'dist/widget.js'),
  SLOTS_TTL_SECONDS: v.optional(int(1, 3_600), '60'),
  CALENDAR_TTL_SECONDS: v.optional(int(1, 86_400), '300'),
  GHL_THROTTLE_LIMIT: v.optional(int(1, 100), '90'),
  GHL_THROTTLE_WINDOW_MS: v.optional(int(100, 60_000), '10000'),
  GHL_THROTTLE_QUEUE: v.optional(int(0, 10_000), '200'),
  /** Longest time a calendar or slots read with nothing cached waits for GHL before its 504, ms. */
  READ_TIMEOUT_MS: v.optional(int(100, 60_000), '5000'),
  /** Longest time any `/v1` request may take, ms (above the GHL client's 20 s deadline for one call). */
  REQUEST_TIMEOUT_MS: v.optional(int(1_000, 120_000), '25000'),
  /**
   * An ISO 8601 instant the proxy's clock starts at, running at the real pace from there: demos and tests that
   * pin their date on a runtime started as a process. Never set in production. Default: the real time.
   */
  CLOCK_START: v.optional(
    v.pipe(
      v.string(),
      v.isoTimestamp('Expected an ISO 8601 instant such as 2027-04-14T09:00:00Z'),
      v.transform(Date.parse),
    ),
  ),
  /** With `REDIS_URL`: GHL requests per window and location each instance may make while Redis is down. */
  GHL_THROTTLE_FALLBACK_LIMIT: v.optional(int(1, 100)),
  /** With `REDIS_URL`: how long past its window a GHL request still counts (GHL counts it when it arrives), ms. */
  GHL_THROTTLE_MARGIN_MS: v.optional(int(0, 10_000), '1000'),
  /**
   * Shares rate limits, quotas, idempotency keys, the replay guard, the GHL throttle and slot invalidation between
   * instances. Never echoed: it may hold a password.
   */
  REDIS_URL: v.optional(
    v.pipe(
      v.string(),
      v.regex(
        /^(rediss?:\/\/[^\s]+|\/[^\s]+)$/,
        'Expected redis://[user:password@]host[:port][/db], rediss://... (TLS) or the path of a unix socket',
      ),
    ),
  ),
  /** Put before every Redis key and channel, so deployments can share one Redis. */
  REDIS_PREFIX: v.optional(
    v.pipe(v.string(), v.regex(/^[A-Za-z0-9:._-]{0,64}$/, 'Expected up to 64 letters, digits or :._-')),
    'ghl-booking:',
  ),
  /** Longest wait for one Redis command, ms: past it Redis counts as down. */
  REDIS_TIMEOUT_MS: v.optional(int(50, 60_000), '1000'),
  /** Cloudflare Turnstile's siteverify URL, for sites with `turnstile`; the GHL sandbox's double when testing. */
  TURNSTILE_VERIFY_URL: v.optional(
    v.pipe(v.string(), v.url('Expected a URL such as ' + TURNSTILE_VERIFY_URL)),
    TURNSTILE_VERIFY_URL,
  ),
  /** Ed25519 public key for webhook signatures; default GHL's published key. */
  GHL_WEBHOOK_PUBLIC_KEY: v.optional(v.string()),
  /**
   * Turns on the embed-code builder at `/admin/`, whose API wants this token as `Authorization: Bearer`. The
   * characters a bearer token may hold, and long enough not to be guessed. Default: no builder.
   */
  ADMIN_TOKEN: v.optional(
    v.pipe(
      v.string(),
      v.regex(
        /^[A-Za-z0-9._~+/-]{16,}=*$/,
        'Expected at least 16 letters, digits or ._~+/- characters (for example from `openssl rand -hex 32`)',
      ),
    ),
  ),
  /**
   * Turns on `GET /metrics` (Prometheus text, Node entry), which wants this token as `Authorization: Bearer`.
   * The same rules as ADMIN_TOKEN. Default: no metrics endpoint (404).
   */
  METRICS_TOKEN: v.optional(
    v.pipe(
      v.string(),
      v.regex(
        /^[A-Za-z0-9._~+/-]{16,}=*$/,
        'Expected at least 16 letters, digits or ._~+/- characters (for example from `openssl rand -hex 32`)',
      ),
    ),
  ),
  /**
   * Signs the tokens of booking links (reschedule and cancel); without it the feature is off. Rotation: the old
   * value moves to MANAGE_SECRET_PREVIOUS, still accepted, while this one signs every new token.
   */
  MANAGE_SECRET: v.optional(ManageSecret),
  MANAGE_SECRET_PREVIOUS: v.optional(ManageSecret),
  /** Marketplace (OAuth) mode: see config/oauth.ts. */
  ...OAuthEnv,
})
export type ProxyEnv = v.InferOutput<typeof ProxyEnv>

/** Everything the Node entry needs to start. */
export interface ProxyConfig {
  env: ProxyEnv
  sites: Site[]
  /** GHL token per location id (Private Integration Tokens; Marketplace locations have none here). */
  tokens: Map<string, string>
  /** Marketplace (OAuth) mode, or undefined when it is off. */
  marketplace?: MarketplaceSettings
  /** Turnstile secret per site id, for the sites with `turnstile`. */
  turnstileSecrets: Map<string, string>
  /** The secrets of booking links, or undefined when they are off. */
  manage?: ManageSecrets
}

export { ConfigError }

const describeIssues = (where: string, issues: readonly v.BaseIssue<unknown>[]) =>
  issues.map((issue) => `${where}${formatPath(issue)}: ${issue.message}`).join('\n')

function formatPath(issue: v.BaseIssue<unknown>): string {
  return (issue.path ?? [])
    .map((item) => (typeof item.key === 'number' ? `[${item.key}]` : `.${String(item.key)}`))
    .join('')
}

/** Validates the sites file's text. */
export function parseSites(text: string, fileName = 'sites file'): Site[] {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new ConfigError(`${fileName} is not valid JSON: ${(error as Error).message}`)
  }
  const parsed = v.safeParse(SitesFile, json)
  if (!parsed.success)
    throw new ConfigError(`${fileName} is invalid:\n${describeIssues('sites', parsed.issues)}`)
  return parsed.output
}

/**
 * Each site's token from the variable its `tokenEnv` names, keyed by location. With `marketplace` a site whose
 * variable is unset uses its location's Marketplace tokens instead, and has no entry here.
 */
export function resolveTokens(
  sites: readonly Site[],
  env: Record<string, string | undefined>,
  marketplace = false,
): Map<string, string> {
  const tokens = new Map<string, string>()
  sites.forEach((site, index) => {
    const token = env[site.tokenEnv]?.trim()
    if (!token && marketplace) return
    if (!token)
      throw new ConfigError(
        `sites[${index}].tokenEnv: the environment variable ${site.tokenEnv} is not set, and Marketplace mode is off (GHL_CLIENT_ID and GHL_CLIENT_SECRET), so site "${site.id}" has no GHL token`,
      )
    const known = tokens.get(site.locationId)
    if (known && known !== token) {
      throw new ConfigError(
        `sites[${index}].tokenEnv: location ${site.locationId} already has a different token`,
      )
    }
    tokens.set(site.locationId, token)
  })
  return tokens
}

/** The Turnstile secret of each site with `turnstile`, from the variable its `secretEnv` names, keyed by site id. */
export function resolveTurnstileSecrets(
  sites: readonly Site[],
  env: Record<string, string | undefined>,
): Map<string, string> {
  const secrets = new Map<string, string>()
  sites.forEach((site, index) => {
    if (!site.turnstile) return
    const name = site.turnstile.secretEnv
    const secret = env[name]?.trim()
    if (!secret) {
      throw new ConfigError(
        `sites[${index}].turnstile.secretEnv: the environment variable ${name} is not set (the site's Turnstile secret key)`,
      )
    }
    secrets.set(site.id, secret)
  })
  return secrets
}

/**
 * Reads and validates the whole configuration: the sites from `SITES` when set, else from the file `SITES_FILE`
 * names through `readFile`.
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  readFile: (path: string) => string,
): ProxyConfig {
  const parsed = v.safeParse(ProxyEnv, env)
  if (!parsed.success) throw new ConfigError(`Invalid environment:\n${describeIssues('env', parsed.issues)}`)
  let text = parsed.output.SITES
  if (text === undefined) {
    try {
      text = readFile(parsed.output.SITES_FILE)
    } catch (error) {
      throw new ConfigError(
        `SITES_FILE: cannot read ${parsed.output.SITES_FILE} (${(error as Error).message})`,
      )
    }
  }
  const sites = parseSites(text, parsed.output.SITES === undefined ? parsed.output.SITES_FILE : 'SITES')
  let manage: ManageSecrets | undefined
  try {
    manage = manageSecrets(parsed.output)
  } catch (error) {
    throw new ConfigError((error as Error).message)
  }
  let marketplace: MarketplaceSettings | undefined
  try {
    marketplace = marketplaceSettings(parsed.output, sites)
  } catch (error) {
    throw new ConfigError((error as Error).message)
  }
  const linked = sites.findIndex((site) => site.manageUrl)
  if (!manage && linked >= 0) {
    throw new ConfigError(
      `sites[${linked}].manageUrl: booking links need ${MANAGE_SECRET_ENV} (for example from \`openssl rand -base64 32\`)`,
    )
  }
  return {
    env: parsed.output,
    sites,
    tokens: resolveTokens(sites, env, marketplace !== undefined),
    turnstileSecrets: resolveTurnstileSecrets(sites, env),
    ...(manage && { manage }),
    ...(marketplace && { marketplace }),
  }
}
