/**
 * The Cloudflare Workers entry (`wrangler.jsonc`; `npm run dev:worker` runs it locally under workerd). The same
 * variables as on Node, from the Worker's environment: `SITES` holds the sites file's JSON (a JSON value or its
 * text), the GHL tokens and Turnstile secrets are secrets named by the sites (`wrangler secret put GHL_TOKEN`).
 * The visitor IP is `CF-Connecting-IP`; `widget.js` and the locale files are Workers Static Assets (`ASSETS`);
 * background loads go to the request's `ctx.waitUntil`. No `nodejs_compat`: nothing here needs Node.
 *
 * State (rate limits, caches, idempotency keys, booking quotas, the GHL throttle) lives in the isolate's memory:
 * per isolate, not shared across Cloudflare's locations or isolates.
 */
import type { ExecutionContext } from 'hono'
import { ConfigError, loadConfig } from '../config/environment.ts'
import { proxyOptionsFromConfig } from '../config/proxy-options.ts'
import { createJsonLogger } from '../logger.ts'
import { buildProxy, type Proxy } from '../proxy.ts'
import { assetsBinding, type AssetFetcher } from '../routes/assets-binding.ts'

/** The Worker's bindings: text variables and secrets, the `SITES` JSON, and the static assets. */
export interface WorkerEnv {
  ASSETS?: AssetFetcher
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
  return buildProxy({
    ...proxyOptionsFromConfig(config),
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
