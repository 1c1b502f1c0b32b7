/**
 * Fault injection, set at run time: added latency, a share of 5xx answers, a share of requests that never
 * answer (until the client gives up), and forced 429 bursts. A 5xx or timeout on a write strikes after the
 * write took effect in a share of cases (`afterEffectRate`), because that is the case that makes clients
 * create duplicates: the appointment exists, the client never heard.
 */
import type { MiddlewareHandler } from 'hono'
import * as v from 'valibot'
import { GhlHttpError } from './ghl-error.ts'
import type { RateLimiter } from './rate-limit.ts'
import type { Timers } from './timers.ts'
import type { SandboxEnv } from './sandbox-env.ts'

const Rate = v.pipe(v.number(), v.minValue(0), v.maxValue(1))

/** The fault settings. All zero means a healthy API. */
export const Faults = v.strictObject({
  /** Delay added before every API answer, ms. */
  latencyMs: v.pipe(v.number(), v.minValue(0), v.maxValue(120_000)),
  /** Share of requests answered with a 5xx (0..1). */
  errorRate: Rate,
  /** Share of requests that never answer until the client aborts (0..1). */
  timeoutRate: Rate,
  /** The next N requests are answered 429. */
  rateLimitBurst: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** Share of failed writes (POST/PUT/DELETE) that fail after taking effect (0..1); default 0.5. */
  afterEffectRate: Rate,
  /**
   * Only requests whose path starts with one of these prefixes meet the faults (`["/opportunities"]`: only the
   * opportunity calls). Default absent or empty: every API request.
   */
  paths: v.optional(v.pipe(v.array(v.pipe(v.string(), v.startsWith('/'))), v.maxLength(20))),
})
export type Faults = v.InferOutput<typeof Faults>

/** A partial update of the faults, as `POST /_sandbox/faults` accepts it. */
export const FaultsPatch = v.partial(Faults)
export type FaultsPatch = v.InferOutput<typeof FaultsPatch>

/** No faults. */
export const NO_FAULTS: Faults = {
  latencyMs: 0,
  errorRate: 0,
  timeoutRate: 0,
  rateLimitBurst: 0,
  afterEffectRate: 0.5,
}

/** What kind of fault struck a request, as the request log shows it. */
export type FaultKind = 'rate_limit' | 'error' | 'timeout'

/** Options of {@link faultMiddleware}. */
export interface FaultMiddlewareOptions {
  /** The current faults (read on every request, so changes apply at once). */
  faults: () => Faults
  /** Called when a forced 429 burst consumed one request. */
  consumeBurst: () => void
  limiter: RateLimiter
  timers: Timers
  /** Uniform random in [0, 1); injected for deterministic tests. */
  random: () => number
  /** How long a "timed out" request hangs when the client never aborts, ms. */
  hangMs: number
}

const ERROR_STATUSES = [500, 502, 503] as const

/** Middleware that applies the current faults to an API request. */
export function faultMiddleware(options: FaultMiddlewareOptions): MiddlewareHandler<SandboxEnv> {
  return async function injectFaults(c, next) {
    const faults = options.faults()
    if (faults.paths?.length && !faults.paths.some((prefix) => c.req.path.startsWith(prefix))) return next()
    const signal = c.req.raw.signal
    if (faults.rateLimitBurst > 0) {
      options.consumeBurst()
      c.set('fault', 'rate_limit')
      throw new GhlHttpError(429, 'Too Many Requests', options.limiter.exhausted(c.get('locationId') ?? ''))
    }
    if (faults.latencyMs > 0) await options.timers.sleep(faults.latencyMs, signal)
    const roll = options.random()
    const kind: FaultKind | undefined =
      roll < faults.timeoutRate
        ? 'timeout'
        : roll < faults.timeoutRate + faults.errorRate
          ? 'error'
          : undefined
    if (!kind) return next()
    if (c.req.method !== 'GET' && options.random() < faults.afterEffectRate) await next()
    c.set('fault', kind)
    if (kind === 'timeout') {
      await options.timers.sleep(options.hangMs, signal)
      throw new GhlHttpError(504, 'Gateway Timeout')
    }
    const status = ERROR_STATUSES[Math.floor(options.random() * ERROR_STATUSES.length)] ?? 500
    throw new GhlHttpError(status, status === 500 ? 'Internal server error' : 'Upstream unavailable')
  }
}
