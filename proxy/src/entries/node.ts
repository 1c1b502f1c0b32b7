/**
 * The Node entry (`node --import tsx proxy/src/entries/node.ts`, also `npm start`): configuration from the environment,
 * then {@link startProxy}; SIGTERM and SIGINT stop it gracefully. Run node itself in production, not through npm,
 * so the signal reaches this process.
 */
import { readFileSync } from 'node:fs'
import { readBuilderAssets } from './builder-asset.ts'
import { ConfigError, loadConfig } from '../config/environment.ts'
import { createJsonLogger } from '../logger.ts'
import { exitIfPortInUse } from './port-in-use.ts'
import { createPrometheusMetrics } from './prometheus.ts'
import { startProxy, type StartProxyOptions } from './start.ts'
import { readWidgetAsset } from './widget-asset.ts'

export { startProxy, type RunningProxy, type StartProxyOptions } from './start.ts'

/** {@link startProxy}; a setting GHL refuses (an unknown pipeline or stage) exits with its message. */
async function startOrExplain(options: StartProxyOptions) {
  try {
    return await startProxy(options)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    console.error(`Configuration error: ${error.message}`)
    process.exit(1)
  }
}

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
  const { env, sites, tokens, turnstileSecrets, manage, marketplace } = config
  const widget = readWidgetAsset(env.WIDGET_FILE)
  const proxy = await exitIfPortInUse(() =>
    startOrExplain({
      sites,
      tokenFor: (locationId) => tokens.get(locationId),
      ghlApiBase: env.GHL_API_BASE,
      port: env.PORT,
      hostname: env.HOST,
      trustedProxies: env.TRUST_PROXY,
      ipv6Prefix: env.IPV6_PREFIX,
      shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
      widget: () => widget,
      log,
      slotsTtlMs: env.SLOTS_TTL_SECONDS * 1000,
      calendarTtlMs: env.CALENDAR_TTL_SECONDS * 1000,
      throttleLimit: env.GHL_THROTTLE_LIMIT,
      throttleWindowMs: env.GHL_THROTTLE_WINDOW_MS,
      throttleQueue: env.GHL_THROTTLE_QUEUE,
      redis: env.REDIS_URL
        ? {
            url: env.REDIS_URL,
            prefix: env.REDIS_PREFIX,
            commandTimeoutMs: env.REDIS_TIMEOUT_MS,
            throttleFallbackLimit: env.GHL_THROTTLE_FALLBACK_LIMIT,
            throttleMarginMs: env.GHL_THROTTLE_MARGIN_MS,
          }
        : undefined,
      webhookPublicKey: env.GHL_WEBHOOK_PUBLIC_KEY,
      turnstileSecretFor: (site) => turnstileSecrets.get(site.id),
      turnstileVerifyUrl: env.TURNSTILE_VERIFY_URL,
      admin: env.ADMIN_TOKEN ? { token: env.ADMIN_TOKEN, assets: readBuilderAssets() } : undefined,
      // Counted only when someone can read them.
      metrics: env.METRICS_TOKEN ? createPrometheusMetrics({ processMetrics: true }) : undefined,
      metricsToken: env.METRICS_TOKEN,
      manage,
      marketplace,
    }),
  )
  log({
    msg: 'listening',
    url: proxy.url,
    sites: sites.length,
    widget: widget ? 'built' : 'missing',
    // Whether the builder is on; never the token.
    builder: env.ADMIN_TOKEN ? `${proxy.url}/admin/` : 'off (set ADMIN_TOKEN)',
    metrics: env.METRICS_TOKEN ? `${proxy.url}/metrics` : 'off (set METRICS_TOKEN)',
    // Whether booking links are on, and whether a previous secret is still accepted; never a secret.
    bookingLinks: manage
      ? manage.previousSecret
        ? 'on (previous secret accepted)'
        : 'on'
      : 'off (set MANAGE_SECRET)',
    // Marketplace mode and where its install starts; never the client secret or the key.
    marketplace: marketplace ? `${proxy.url}/oauth/install` : 'off (set GHL_CLIENT_ID and GHL_CLIENT_SECRET)',
    ghl: env.GHL_API_BASE,
    // Where the shared state lives; never the URL, which may hold a password.
    state: env.REDIS_URL ? `redis (${proxy.redis?.connection.up ? 'up' : 'down'})` : 'memory',
  })
  // Requests in flight finish (a booking reaches its visitor) before the process exits; a second signal does not
  // wait. Exit code 1 when the grace period ran out and requests were cut off.
  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      log({ level: 'warn', msg: 'stopping now', signal })
      process.exit(1)
    }
    stopping = true
    // The port is closed by the time this line is written.
    const stopped = proxy.shutdown()
    log({ msg: 'stopping', signal, graceMs: env.SHUTDOWN_GRACE_MS })
    void stopped.then(({ cutOff }) => {
      log({ msg: 'stopped', cutOff, ...(cutOff > 0 && { level: 'warn' as const }) })
      process.exit(cutOff > 0 ? 1 : 0)
    })
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

// Only when run directly, so importing startProxy from here starts nothing.
if (import.meta.url === `file://${process.argv[1]}`) await main()
