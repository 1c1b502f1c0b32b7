/**
 * `npm run demo`: everything in one process. Builds the widget when its sources changed, starts the GHL sandbox on
 * `SANDBOX_PORT` (default 8788) and the proxy on `PORT` (default 8787) pointed at it, in Marketplace mode with the
 * app installed on the demo site's location (`DEMO_TOKENS` says otherwise), and serves the demo pages from the
 * proxy's origin. The sandbox's signed webhooks go back to the proxy, closing the loop.
 */
import { serve, type ServerType } from '@hono/node-server'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { readBuilderAssets } from '../proxy/src/entries/builder-asset.ts'
import { parseSites } from '../proxy/src/config/environment.ts'
import { exitIfPortInUse } from '../proxy/src/entries/port-in-use.ts'
import type { Logger } from '../proxy/src/logger.ts'
import { buildProxy } from '../proxy/src/proxy.ts'
import { nodeClientIp } from '../proxy/src/entries/start.ts'
import { compressWithZlib } from '../proxy/src/entries/compress.ts'
import { readWidgetAsset } from '../proxy/src/entries/widget-asset.ts'
import { demoMarketplace, DEMO_TOKENS, installApp, type DemoTokens } from './marketplace.ts'
import {
  createClock,
  createSandbox,
  SANDBOX,
  SANDBOX_TURNSTILE,
  SANDBOX_WEBHOOK_PUBLIC_KEY,
  type Sandbox,
  type SettableClock,
} from './sandbox/index.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const publicDir = join(root, 'demo/public')
const widgetFile = join(root, 'dist/widget.js')

/**
 * The demo's own secret for booking links: fixed, so a link from one run still opens after a restart. For the demo
 * on loopback only; a deployment sets its own MANAGE_SECRET (`openssl rand -base64 32`).
 */
export const DEMO_MANAGE_SECRET = 'demo-only-manage-secret-never-use-in-production'

/** Options of {@link startDemo}. */
export interface DemoOptions {
  /** Proxy and demo pages; 0 for an ephemeral port. Default 8787. */
  port?: number
  /** GHL sandbox; 0 for an ephemeral port. Default 8788. */
  sandboxPort?: number
  /** Default `127.0.0.1`. */
  hostname?: string
  /** Build the widget first when `dist/widget.js` is older than its sources. Default true. */
  build?: boolean
  /** Request log of the proxy. Default nothing. */
  log?: Logger
  /**
   * The instant the whole stack starts at, epoch ms: the sandbox and the proxy share one clock, running from
   * there, which `/_sandbox/clock` sets or advances. Default: now.
   */
  now?: number
  /** The proxy's admin token, for the embed-code builder at `/admin/`. Default a new random one per start. */
  adminToken?: string
  /** How the demo site's location reaches GHL ({@link DemoTokens}). Default `marketplace`: the app installed at start. */
  tokens?: DemoTokens
}

/** A running demo. */
export interface Demo {
  /** The demo site and the proxy, e.g. `http://127.0.0.1:8787`. */
  url: string
  /** The GHL sandbox. */
  sandboxUrl: string
  sandbox: Sandbox
  /** The clock of the sandbox and the proxy. */
  clock: SettableClock
  /** How the demo site's location reaches GHL. */
  tokens: DemoTokens
  close(): Promise<void>
}

/** The newest modification time of the files below `dir`, in ms. */
function newest(dir: string): number {
  let latest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs)
  }
  return latest
}

/** Runs `vite build` when the bundle is missing or older than the widget's sources or the contract. */
async function buildWidgetIfStale(): Promise<void> {
  const sources = Math.max(newest(join(root, 'widget/src')), newest(join(root, 'contract')))
  if (existsSync(widgetFile) && statSync(widgetFile).mtimeMs >= sources) return
  console.log('Building the widget...')
  const { build } = await import('vite')
  await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn' })
}

function listen(
  fetch: (request: Request, env?: unknown) => Response | Promise<Response>,
  port: number,
  hostname: string,
) {
  return new Promise<ServerType>((resolve, reject) => {
    const server = serve({ fetch, port, hostname }, () => resolve(server))
    server.once('error', reject)
  })
}

const closeServer = (server: ServerType) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve())
    if ('closeAllConnections' in server) server.closeAllConnections()
  })

const urlOf = (server: ServerType, hostname: string) =>
  `http://${hostname}:${(server.address() as AddressInfo).port}`

/** Starts the sandbox, the proxy and the demo pages. */
export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const hostname = options.hostname ?? '127.0.0.1'
  const tokens = options.tokens ?? 'marketplace'
  if (options.build ?? true) await buildWidgetIfStale()

  const clock = createClock({ start: options.now })
  const sandbox = createSandbox({ clock })
  const sandboxServer = await listen(sandbox.fetch, options.sandboxPort ?? 8788, hostname)
  const sandboxUrl = urlOf(sandboxServer, hostname)

  // The port is known only once bound, and the demo site's origins must name it: bind first, route after.
  const app = new Hono()
  let server: ServerType
  try {
    server = await listen(app.fetch, options.port ?? 8787, hostname)
  } catch (error) {
    sandbox.close()
    await closeServer(sandboxServer)
    throw error
  }
  const port = (server.address() as AddressInfo).port
  const url = `http://${hostname}:${port}`

  const demoOrigins = [`http://localhost:${port}`, `http://127.0.0.1:${port}`]
  const sites = parseSites(readFileSync(join(root, 'demo/sites.json'), 'utf8'), 'demo/sites.json').map(
    (site) => ({
      ...site,
      origins: [...new Set([...site.origins, ...demoOrigins])],
      // Booking links lead back to the demo page, whose widget opens in manage mode.
      manageUrl: `${url}/`,
    }),
  )
  const widget = readWidgetAsset(widgetFile)
  const adminToken = options.adminToken ?? crypto.randomUUID()
  const proxy = buildProxy({
    sites,
    // Without a Private Integration Token the location is served by the Marketplace app's tokens, once installed.
    tokenFor: (locationId) =>
      tokens === 'pit' && locationId === SANDBOX.locationId ? SANDBOX.token : undefined,
    marketplace: demoMarketplace(url, sandboxUrl),
    ghlApiBase: sandboxUrl,
    clientIp: nodeClientIp(),
    widget: () => widget,
    compress: compressWithZlib,
    webhookPublicKey: SANDBOX_WEBHOOK_PUBLIC_KEY,
    // A site given `"turnstile": { "siteKey": "1x00000000000000000000AA" }` (Cloudflare's test key) is verified by
    // the sandbox's siteverify double, which accepts the token that key hands the browser.
    turnstileSecretFor: () => SANDBOX_TURNSTILE.secret,
    turnstileVerifyUrl: `${sandboxUrl}/turnstile/v0/siteverify`,
    log: options.log,
    clock: clock.now,
    admin: { token: adminToken, assets: readBuilderAssets() },
    manage: { secret: DEMO_MANAGE_SECRET },
  })
  sandbox.setWebhook({ url: `${url}/v1/webhooks/ghl` })

  app.get('/', serveStatic({ path: join(publicDir, 'index.html') }))
  // The builder is the proxy's own (/admin/). The demo runs on loopback against the sandbox, so it stands in
  // for the site owner: it adds its admin token to the builder's API calls, and its page needs no token typed.
  app.get('/builder.html', (c) => c.redirect('/admin/'))
  app.all('/admin/api/*', (c) => {
    const request = new Request(c.req.raw)
    if (!request.headers.has('Authorization')) request.headers.set('Authorization', `Bearer ${adminToken}`)
    return proxy.app.fetch(request, c.env)
  })
  app.get(
    '/demo/*',
    serveStatic({ root: publicDir, rewriteRequestPath: (path) => path.slice('/demo'.length) }),
  )
  // The sandbox panel on the demo page reads the sandbox's control routes from the page's own origin.
  app.all('/_sandbox/*', (c) => sandbox.fetch(c.req.raw))
  // The install's state cookie is set on the host the install starts on and must come back to the callback's, the
  // redirect URI's: an install started on http://localhost:… (as `npm run demo` prints it) moves there first.
  app.get('/oauth/install', async (c, next) => {
    if (new URL(c.req.url).origin === url) return next()
    return c.redirect(`${url}/oauth/install`, 302)
  })
  app.all('*', (c) => proxy.app.fetch(c.req.raw, c.env))

  if (tokens === 'marketplace') {
    try {
      await installApp(url)
      // The INSTALL webhook reaches the proxy before anyone looks.
      await sandbox.settle()
    } catch (error) {
      sandbox.close()
      await Promise.all([closeServer(server), closeServer(sandboxServer)])
      throw error
    }
  }

  return {
    url,
    sandboxUrl,
    sandbox,
    clock,
    tokens,
    async close() {
      sandbox.close()
      await Promise.all([closeServer(server), closeServer(sandboxServer)])
    },
  }
}

const ACCESS: Record<DemoTokens, string> = {
  marketplace: 'the Marketplace app, installed on the demo location at start (DEMO_TOKENS=pit: the token)',
  'marketplace-not-installed': 'the Marketplace app, not installed: "Install the app" in the page\'s panel',
  pit: 'the Private Integration Token (the Marketplace app is there too, but the token goes first)',
}

async function main() {
  const pinned = process.env.DEMO_NOW
  const now = pinned ? Date.parse(pinned) : undefined
  if (Number.isNaN(now)) throw new Error(`DEMO_NOW must be an ISO 8601 instant, got "${pinned}"`)
  const port = Number(process.env.PORT ?? 8787)
  const sandboxPort = Number(process.env.SANDBOX_PORT ?? 8788)
  const tokens = (process.env.DEMO_TOKENS || 'marketplace') as DemoTokens
  if (!DEMO_TOKENS.includes(tokens))
    throw new Error(`DEMO_TOKENS must be one of ${DEMO_TOKENS.join(', ')}, got "${tokens}"`)
  const demo = await exitIfPortInUse(
    () => startDemo({ port, sandboxPort, now, tokens }),
    (taken) => (taken === sandboxPort && taken !== port ? 'SANDBOX_PORT' : 'PORT'),
  )
  const site = demo.url.replace('127.0.0.1', 'localhost')
  console.log(`
  ghl-booking demo is running.

    Demo site        ${site}/
    Embed builder    ${site}/builder.html
    Widget bundle    ${site}/widget.js
    GHL sandbox      ${demo.sandboxUrl}  (appointments: ${demo.sandboxUrl}/_sandbox/appointments)
    GHL access       ${ACCESS[demo.tokens]}

  Press Ctrl-C to stop.
`)
  const stop = () => {
    console.log('Stopping...')
    void demo.close().then(() => process.exit(0))
    setTimeout(() => process.exit(0), 2_000).unref()
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

if (import.meta.url === `file://${process.argv[1]}`) await main()
