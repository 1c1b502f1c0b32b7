/** The Node entry (`npm start`): configuration from the environment, then {@link startProxy}. */
import { readFileSync } from 'node:fs'
import { readBuilderAssets } from './builder-asset.ts'
import { ConfigError, loadConfig } from './config.ts'
import { createJsonLogger } from './logger.ts'
import { exitIfPortInUse } from './port-in-use.ts'
import { startProxy } from './start.ts'
import { readWidgetAsset } from './widget-asset.ts'

export { startProxy, type RunningProxy, type StartProxyOptions } from './start.ts'

async function main() {
  const log = createJsonLogger()
  let config
  try {
    config = loadConfig(process.env, (path) => readFileSync(path, 'utf8'))
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    console.error(`Configuration error: ${error.message}`)
    process.exit(1)
  }
  const { env, sites, tokens, turnstileSecrets } = config
  const widget = readWidgetAsset(env.WIDGET_FILE)
  const proxy = await exitIfPortInUse(() =>
    startProxy({
      sites,
      tokenFor: (locationId) => tokens.get(locationId),
      ghlApiBase: env.GHL_API_BASE,
      port: env.PORT,
      hostname: env.HOST,
      trustedProxies: env.TRUST_PROXY,
      widget: () => widget,
      log,
      slotsTtlMs: env.SLOTS_TTL_SECONDS * 1000,
      calendarTtlMs: env.CALENDAR_TTL_SECONDS * 1000,
      throttleLimit: env.GHL_THROTTLE_LIMIT,
      throttleWindowMs: env.GHL_THROTTLE_WINDOW_MS,
      throttleQueue: env.GHL_THROTTLE_QUEUE,
      webhookPublicKey: env.GHL_WEBHOOK_PUBLIC_KEY,
      turnstileSecretFor: (site) => turnstileSecrets.get(site.id),
      turnstileVerifyUrl: env.TURNSTILE_VERIFY_URL,
      admin: env.ADMIN_TOKEN ? { token: env.ADMIN_TOKEN, assets: readBuilderAssets() } : undefined,
    }),
  )
  log({
    msg: 'listening',
    url: proxy.url,
    sites: sites.length,
    widget: widget ? 'built' : 'missing',
    // Whether the builder is on; never the token.
    builder: env.ADMIN_TOKEN ? `${proxy.url}/admin/` : 'off (set ADMIN_TOKEN)',
    ghl: env.GHL_API_BASE,
  })
  const stop = () => void proxy.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

// Only when run directly, so importing startProxy from here starts nothing.
if (import.meta.url === `file://${process.argv[1]}`) await main()
