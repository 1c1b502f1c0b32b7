/**
 * The proxy's options from a validated configuration ({@link loadConfig}): what every entry (Workers, Deno, Bun)
 * hands to `buildProxy`, so the same variables mean the same on each runtime. Runtime-free.
 */
import type { ProxyOptions } from '../proxy.ts'
import type { Clock } from '../types.ts'
import type { ProxyConfig } from './environment.ts'

/**
 * A clock that starts at `start` (epoch ms) and runs at the real pace from its first reading. Its origin is taken
 * then, not when it is built: workerd gives a Worker's global scope no time.
 */
export function clockStartingAt(start: number): Clock {
  let origin: number | undefined
  return function now() {
    origin ??= Date.now()
    return start + (Date.now() - origin)
  }
}

/** Everything of {@link ProxyOptions} the configuration decides; entries add I/O (visitor IP, widget, log). */
export function proxyOptionsFromConfig(config: ProxyConfig): ProxyOptions {
  const { env, sites, tokens, turnstileSecrets, manage, marketplace } = config
  return {
    sites,
    tokenFor: (locationId) => tokens.get(locationId),
    ghlApiBase: env.GHL_API_BASE,
    ipv6Prefix: env.IPV6_PREFIX,
    slotsTtlMs: env.SLOTS_TTL_SECONDS * 1000,
    calendarTtlMs: env.CALENDAR_TTL_SECONDS * 1000,
    throttleLimit: env.GHL_THROTTLE_LIMIT,
    throttleWindowMs: env.GHL_THROTTLE_WINDOW_MS,
    throttleQueue: env.GHL_THROTTLE_QUEUE,
    readTimeoutMs: env.READ_TIMEOUT_MS,
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
    webhookPublicKey: env.GHL_WEBHOOK_PUBLIC_KEY,
    turnstileSecretFor: (site) => turnstileSecrets.get(site.id),
    turnstileVerifyUrl: env.TURNSTILE_VERIFY_URL,
    manage,
    marketplace,
    ...(env.CLOCK_START !== undefined && { clock: clockStartingAt(env.CLOCK_START) }),
  }
}
