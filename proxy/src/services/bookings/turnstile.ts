/**
 * Cloudflare Turnstile, server side: for a site with `turnstile`, a booking needs the token of a solved challenge,
 * verified with Cloudflare's siteverify before anything else of the booking happens (quotas, slot reads, GHL).
 * The secret comes from the environment and goes only to siteverify; it never reaches a browser or a log line.
 * A token verifies once: a retry of the same booking (the same Idempotency-Key and token) sends an `idempotency_key`
 * derived from both, so Cloudflare answers the retry as it answered the first attempt.
 */
import * as v from 'valibot'
import { ProxyError } from '../../errors.ts'
import { describeError, type Logger } from '../../logger.ts'
import type { Site } from '../../config/sites.ts'
import { unavailable } from './upstream.ts'

/** Cloudflare's siteverify endpoint. */
export const TURNSTILE_VERIFY_URL = 'https://challenges.cloudflare.com/turnstile/v0/siteverify'

/** Options of {@link createTurnstile}. */
export interface TurnstileOptions {
  /** The secret of a site with `turnstile` (see `resolveTurnstileSecrets`). Default none: such a site's bookings fail. */
  secretFor?: (site: Site) => string | undefined
  /** The siteverify URL; the GHL sandbox's double in the demo and the tests. Default {@link TURNSTILE_VERIFY_URL}. */
  verifyUrl?: string
  /** Default `globalThis.fetch`. */
  fetch?: typeof fetch
  /** Longest wait for siteverify, in ms. Default 10 000. */
  timeoutMs?: number
  /** Default nothing. */
  log?: Logger
}

/** What one booking brings to the check. */
export interface TurnstileAttempt {
  /** The request's `turnstileToken` ('' when none was sent). */
  token: string
  /** The visitor's IP address, when known. */
  remoteIp?: string
  /** The booking's Idempotency-Key, scoped by site. */
  key: string
}

/** See {@link createTurnstile}. */
export interface Turnstile {
  /** Throws 400 `challenge_required` when the site wants a challenge and none was solved. Answers at once. */
  require(site: Site, token: string): void
  /** Verifies the token of a site with `turnstile` (does nothing for others). Throws ProxyError. */
  verify(site: Site, attempt: TurnstileAttempt): Promise<void>
}

/** Siteverify's answer, as far as the proxy reads it. */
const SiteverifyAnswer = v.object({
  success: v.boolean(),
  'error-codes': v.optional(v.array(v.string()), []),
})

/** Codes that mean the site's secret is wrong: only the site owner can fix that. */
const SECRET_CODES = ['missing-input-secret', 'invalid-input-secret']

const challengeFailed = () =>
  new ProxyError(
    403,
    'challenge_failed',
    'The security check was not passed or has expired. Please complete it again, then book.',
  )

const secretRefused = (site: Site) =>
  new ProxyError(
    502,
    'upstream_rejected',
    `Cloudflare Turnstile refused the secret key of site "${site.id}": put the secret key of the site's Turnstile ` +
      `widget in the environment variable its "turnstile.secretEnv" names (${site.turnstile?.secretEnv}), then restart the proxy.`,
  )

/**
 * A UUID that is the same for every attempt of one booking with one token (siteverify's `idempotency_key` wants a
 * UUID): the SHA-256 of the scoped Idempotency-Key and the token, in the version 4 layout. A new token for the same
 * booking (after a refused one) is a new verification.
 */
async function idempotencyUuid(key: string, token: string): Promise<string> {
  const text = new TextEncoder().encode(`${key}\n${token}`)
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', text)).slice(0, 16)
  bytes[6] = (bytes[6]! & 0x0f) | 0x40
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** Builds the Turnstile check of the booking route. */
export function createTurnstile(options: TurnstileOptions = {}): Turnstile {
  const verifyUrl = options.verifyUrl ?? TURNSTILE_VERIFY_URL
  const timeoutMs = options.timeoutMs ?? 10_000
  const log = options.log ?? (() => {})
  const secretFor = options.secretFor ?? (() => undefined)

  /** Siteverify's answer, or a 503 to retry when it cannot be had. */
  async function ask(site: Site, body: URLSearchParams) {
    try {
      const response = await (options.fetch ?? fetch)(verifyUrl, {
        method: 'POST',
        body,
        signal: AbortSignal.timeout(timeoutMs),
      })
      if (!response.ok) throw new Error(`siteverify answered ${response.status}`)
      return v.parse(SiteverifyAnswer, await response.json())
    } catch (error) {
      log({ level: 'warn', msg: 'booking.turnstile_unavailable', site: site.id, ...describeError(error) })
      throw unavailable(2, error)
    }
  }

  function require(site: Site, token: string) {
    if (site.turnstile && !token) {
      throw new ProxyError(400, 'challenge_required', 'Please complete the security check before booking.')
    }
  }

  return {
    require,

    async verify(site, attempt) {
      if (!site.turnstile) return
      require(site, attempt.token)
      const secret = secretFor(site)
      if (!secret) {
        log({ level: 'error', msg: 'booking.turnstile_secret_missing', site: site.id })
        throw secretRefused(site)
      }
      const body = new URLSearchParams({ secret, response: attempt.token })
      if (attempt.remoteIp) body.set('remoteip', attempt.remoteIp)
      body.set('idempotency_key', await idempotencyUuid(attempt.key, attempt.token))
      const answer = await ask(site, body)
      if (answer.success) return
      const codes = answer['error-codes']
      if (codes.some((code) => SECRET_CODES.includes(code))) {
        log({ level: 'error', msg: 'booking.turnstile_secret_refused', site: site.id, codes })
        throw secretRefused(site)
      }
      if (codes.includes('internal-error')) throw unavailable(2)
      log({ level: 'info', msg: 'booking.turnstile_failed', site: site.id, codes })
      throw challengeFailed()
    },
  }
}
