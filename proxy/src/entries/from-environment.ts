/**
 * The proxy from a process's environment, as the Deno and Bun entries build it: the variables of the Node entry
 * (README, "Using it with your GHL account"), the widget bundle and the builder's files read from disk through
 * Node's modules, which both runtimes provide. A bad variable or sites file exits with a message naming it.
 */
import { readFileSync } from 'node:fs'
import type { Context } from 'hono'
import { ConfigError, loadConfig, type ProxyEnv } from '../config/environment.ts'
import { proxyOptionsFromConfig } from '../config/proxy-options.ts'
import { createJsonLogger, type Logger } from '../logger.ts'
import { buildProxy, type Proxy } from '../proxy.ts'
import { readBuilderAssets } from './builder-asset.ts'
import { clientIpBehind } from './client-ip.ts'
import { createRedisState, type RedisState } from '../stores/redis/index.ts'
import { readWidgetAsset } from './widget-asset.ts'
import { checkOpportunitiesAtStart } from './opportunity-check.ts'

/** A proxy ready to serve, with what the entry needs to listen and to say so. */
export interface EnvironmentProxy {
  proxy: Proxy
  env: ProxyEnv
  log: Logger
  /** Fields of the `listening` line besides the URL (the same as the Node entry's). */
  describe: Record<string, unknown>
  /** The shared state on Redis, with `REDIS_URL`; close it after the last request. */
  redis?: RedisState
}

/**
 * Builds the proxy from `variables`; `socketIp` is the runtime's peer address of a request. Exits the process
 * (`exit(1)`) on a configuration error. With `REDIS_URL` the state is shared on Redis as on Node (ioredis runs on
 * both runtimes' Node compatibility); Redis not ready within 5 s: it starts anyway, as the Node entry does.
 */
export async function proxyFromEnvironment(
  variables: Record<string, string | undefined>,
  socketIp: (c: Context) => string | undefined,
  exit: (code: number) => never,
): Promise<EnvironmentProxy> {
  const log = createJsonLogger()
  let config
  try {
    config = loadConfig(variables, (path) => readFileSync(path, 'utf8'))
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    console.error(`Configuration error: ${error.message}`)
    return exit(1)
  }
  const { env } = config
  const widget = readWidgetAsset(env.WIDGET_FILE)
  const options = proxyOptionsFromConfig(config)
  const redis =
    env.REDIS_URL === undefined
      ? undefined
      : createRedisState({
          url: env.REDIS_URL,
          prefix: env.REDIS_PREFIX,
          commandTimeoutMs: env.REDIS_TIMEOUT_MS,
          throttleFallbackLimit: env.GHL_THROTTLE_FALLBACK_LIMIT,
          throttleMarginMs: env.GHL_THROTTLE_MARGIN_MS,
          throttleLimit: options.throttleLimit,
          throttleWindowMs: options.throttleWindowMs,
          throttleQueue: options.throttleQueue,
          clock: options.clock,
          log,
        })
  await redis?.ready(5_000)
  const proxy = buildProxy({
    ...options,
    ...redis?.stores,
    log,
    clientIp: clientIpBehind(env.TRUST_PROXY, socketIp),
    widget: () => widget,
    admin: env.ADMIN_TOKEN ? { token: env.ADMIN_TOKEN, assets: readBuilderAssets() } : undefined,
  })
  try {
    await checkOpportunitiesAtStart(proxy, { log })
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    console.error(`Configuration error: ${error.message}`)
    return exit(1)
  }
  const describe = {
    sites: config.sites.length,
    widget: widget ? 'built' : 'missing',
    builder: env.ADMIN_TOKEN ? 'on' : 'off (set ADMIN_TOKEN)',
    marketplace: config.marketplace ? 'on (/oauth/install)' : 'off',
    state: redis ? `redis (${redis.connection.up ? 'up' : 'down'})` : 'memory',
    ghl: env.GHL_API_BASE,
  }
  return { proxy, env, log, describe, redis }
}
