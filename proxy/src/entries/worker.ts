/**
 * The Cloudflare Workers entry (`wrangler.jsonc`; `npm run dev:worker` runs it locally under workerd). The same
 * variables as on Node, from the Worker's environment: `SITES` holds the sites file's JSON (a JSON value or its
 * text), the GHL tokens and Turnstile secrets are secrets named by the sites (`wrangler secret put GHL_TOKEN`).
 * The visitor IP is `CF-Connecting-IP`; `widget.js` and the locale files are Workers Static Assets (`ASSETS`);
 * background loads go to the request's `ctx.waitUntil`. No `nodejs_compat`: nothing here needs Node.
 *
 * Shared state lives on Durable Objects when their bindings are there (wrangler.jsonc): `SITE_STATE` (rate limits,
 * booking quotas, idempotency keys, the webhook replay guard), `LOCATION_STATE` (the GHL throttle, slot
 * invalidation) and `TOKEN_STATE` (the Marketplace grants, sealed); see stores/durable/. Without them it is in the
 * isolate's memory: Marketplace mode then needs `TOKEN_STATE`, since isolates refreshing one grant apart would spend
 * its single-use refresh token twice. The slot and calendar caches are per isolate either way. The object classes
 * are exported from here, as workerd wants them.
 */
import type { ExecutionContext } from 'hono'
import { ConfigError, loadConfig } from '../config/environment.ts'
import { proxyOptionsFromConfig } from '../config/proxy-options.ts'
import { createJsonLogger } from '../logger.ts'
import { buildProxy, type Proxy } from '../proxy.ts'
import { assetsBinding, type AssetFetcher } from '../routes/assets-binding.ts'
import { createDurableState, type DurableNamespace } from '../stores/durable/index.ts'

export { LocationState, SiteState, TokenState } from '../stores/durable/index.ts'

/** The Worker's bindings: text variables and secrets, the `SITES` JSON, the static assets, the state objects. */
export interface WorkerEnv {
  ASSETS?: AssetFetcher
  /** Durable Objects of class `SiteState`. Optional: without it, per-site state is per isolate. */
  SITE_STATE?: DurableNamespace
  /** Durable Objects of class `LocationState`. Optional: without it, the throttle is per isolate. */
  LOCATION_STATE?: DurableNamespace
  /** Durable Objects of class `TokenState`. Optional: without it, Marketplace grants are per isolate. */
  TOKEN_STATE?: DurableNamespace
  SITES?: unknown
  [name: string]: unknown
}

/** The variables as `loadConfig` reads them: strings, with a JSON `SITES` value turned back into its text. */
function variables(env: WorkerEnv): Record<string, string | undefined> {
  const strings: Record<string, string> = {}
  for (const [name, value] of Object.entries(env)) if (typeof value === 'string') strings[name] = value
  if (env.SITES !== undefined && typeof env.SITES !== 'string') strings.SITES = JSON.stringify(env.SITES)
  return strings
}

/** Builds the proxy from a Worker's environment; throws ConfigError naming what to fix. */
export function buildWorkerProxy(env: WorkerEnv): Proxy {
  const config = loadConfig(variables(env), () => {
    throw new Error('a Worker has no files: put the sites JSON in the SITES variable')
  })
  const log = createJsonLogger()
  const options = proxyOptionsFromConfig(config)
  return buildProxy({
    ...options,
    ...createDurableState({
      sites: env.SITE_STATE,
      locations: env.LOCATION_STATE,
      tokens: env.TOKEN_STATE,
      siteList: config.sites,
      limit: config.env.GHL_THROTTLE_LIMIT,
      windowMs: config.env.GHL_THROTTLE_WINDOW_MS,
      maxQueue: config.env.GHL_THROTTLE_QUEUE,
      marginMs: config.env.GHL_THROTTLE_MARGIN_MS,
      clock: options.clock,
    }),
    log,
    clientIp: (c) => c.req.header('CF-Connecting-IP'),
    staticAssets: env.ASSETS && assetsBinding(() => env.ASSETS!),
    // Cloudflare compresses JSON answers on their way out by itself (brotli or gzip as the visitor accepts).
    compress: null,
  })
}

// One proxy per isolate, built on its first request: a Worker sees its environment only then.
let proxy: Proxy | undefined
let configError: string | undefined

export default {
  fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Response | Promise<Response> {
    if (!proxy && !configError) {
      try {
        proxy = buildWorkerProxy(env)
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error
        configError = error.message
        console.error(`Configuration error: ${configError}`)
      }
    }
    if (!proxy) {
      // The message names variables and fields, never a value; it stays in the Worker's log all the same.
      const body = { error: { code: 'internal', message: 'The proxy is not configured.' } }
      return Response.json(body, { status: 500 })
    }
    return proxy.app.fetch(request, env, ctx)
  },
}
