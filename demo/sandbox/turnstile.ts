/**
 * A double of Cloudflare Turnstile's siteverify endpoint, `POST /turnstile/v0/siteverify`, so the demo and the
 * tests verify challenge tokens without reaching Cloudflare. It answers as Cloudflare documents: form-encoded or
 * JSON bodies, `secret` and `response` required, `remoteip` and `idempotency_key` optional, a token valid for one
 * verification (a repeat with the same `idempotency_key` gets the first answer again), and Cloudflare's test
 * secrets. Tokens say what they are (`SANDBOX_TURNSTILE.tokens`). Not part of the GHL API: no token, never in the
 * GHL request log (`turnstileVerifications()` lists what it verified).
 */
import { Hono } from 'hono'

/** The double's keys and tokens. */
export const SANDBOX_TURNSTILE = {
  /** Cloudflare's test site key that always passes (a visible widget); the browser gets `dummyToken` from it. */
  siteKey: '1x00000000000000000000AA',
  /** The secret the double knows: with it, tokens behave as `tokens` says, and the dummy token passes. */
  secret: 'sandbox-turnstile-secret',
  /** Cloudflare's test secrets: every token passes, fails, or is "already spent". */
  testSecrets: {
    pass: '1x0000000000000000000000000000000AA',
    fail: '2x0000000000000000000000000000000AA',
    spent: '3x0000000000000000000000000000000AA',
  },
  /** The token Cloudflare's test site keys hand the browser. */
  dummyToken: 'XXXX.DUMMY.TOKEN.XXXX',
  /** Prefixes of tokens under `secret`: `pass-<anything>` is a solved challenge, valid once, and so on. */
  tokens: {
    pass: 'pass-',
    /** `invalid-input-response`: a forged or broken token. */
    fail: 'fail-',
    /** `timeout-or-duplicate`: older than 300 s, or verified before. */
    expired: 'expired-',
    /** `internal-error`: Cloudflare could not verify it; a retry may. */
    error: 'error-',
  },
} as const

/** One verification the double answered. The secret is never recorded, only whether it was right. */
export interface TurnstileVerification {
  at: number
  response: string
  remoteip?: string
  idempotencyKey?: string
  secretKnown: boolean
  success: boolean
  errorCodes: string[]
}

/** Options of {@link createTurnstileDouble}. */
export interface TurnstileDoubleOptions {
  /** Clock, epoch ms: `challenge_ts` and the record. */
  now: () => number
  /** Verifications kept, and ten times as many spent tokens and idempotency keys (oldest dropped). Default 1 000. */
  maxEntries?: number
}

type Answer = { success: true; challenge_ts: string; hostname: string; 'error-codes': [] } | Failure
type Failure = { success: false; 'error-codes': string[] }

const fail = (...codes: string[]): Failure => ({ success: false, 'error-codes': codes })

/** Builds the double: its routes (mounted at `/turnstile`), its record, and a reset. */
export function createTurnstileDouble(options: TurnstileDoubleOptions) {
  const max = options.maxEntries ?? 1_000
  let verifications: TurnstileVerification[] = []
  // Tokens verified once; answers by idempotency key.
  let spent = new Set<string>()
  let byIdempotencyKey = new Map<string, { response: string; answer: Answer }>()

  const { secret: known, testSecrets, dummyToken, tokens } = SANDBOX_TURNSTILE

  function judge(secret: string, response: string): Answer {
    const solved = (): Answer => ({
      success: true,
      challenge_ts: new Date(options.now()).toISOString(),
      hostname: 'localhost',
      'error-codes': [],
    })
    if (secret === testSecrets.pass)
      return response === dummyToken ? solved() : fail('invalid-input-response')
    if (secret === testSecrets.fail) return fail('invalid-input-response')
    if (secret === testSecrets.spent) return fail('timeout-or-duplicate')
    if (secret !== known) return fail('invalid-input-secret')
    if (response === dummyToken) return solved()
    if (response.startsWith(tokens.error)) return fail('internal-error')
    if (response.startsWith(tokens.expired) || spent.has(response)) return fail('timeout-or-duplicate')
    if (!response.startsWith(tokens.pass) || response.length > 2048) return fail('invalid-input-response')
    spent.add(response)
    // Sets and maps iterate oldest first: the first key is the one to let go.
    if (spent.size > max * 10) spent.delete(spent.values().next().value!)
    return solved()
  }

  async function fieldsOf(request: Request): Promise<Record<string, string> | undefined> {
    const type = request.headers.get('content-type') ?? ''
    try {
      if (type.includes('application/json')) {
        const body = (await request.json()) as Record<string, unknown>
        return Object.fromEntries(
          Object.entries(body).filter(([, value]) => typeof value === 'string'),
        ) as never
      }
      if (type.includes('application/x-www-form-urlencoded') || type.includes('multipart/form-data')) {
        const form = await request.formData()
        return Object.fromEntries([...form].filter(([, value]) => typeof value === 'string')) as never
      }
    } catch {
      return undefined
    }
    return undefined
  }

  const app = new Hono()
  app.post('/v0/siteverify', async (c) => {
    const fields = await fieldsOf(c.req.raw)
    const { secret = '', response = '', remoteip, idempotency_key: idempotencyKey } = fields ?? {}
    let answer: Answer
    const repeat = idempotencyKey ? byIdempotencyKey.get(idempotencyKey) : undefined
    if (!fields) answer = fail('bad-request')
    else if (!secret) answer = fail('missing-input-secret')
    else if (!response) answer = fail('missing-input-response')
    else if (repeat && repeat.response === response) answer = repeat.answer
    else answer = judge(secret, response)
    if (idempotencyKey && !repeat) {
      byIdempotencyKey.set(idempotencyKey, { response, answer })
      if (byIdempotencyKey.size > max * 10) byIdempotencyKey.delete(byIdempotencyKey.keys().next().value!)
    }
    verifications.push({
      at: options.now(),
      response,
      ...(remoteip && { remoteip }),
      ...(idempotencyKey && { idempotencyKey }),
      secretKnown: secret === known || Object.values(testSecrets).includes(secret as never),
      success: answer.success,
      errorCodes: answer['error-codes'],
    })
    if (verifications.length > max) verifications = verifications.slice(-max)
    return c.json(answer)
  })

  return {
    app,
    /** Copies of the verifications so far, oldest first. */
    verifications: (): TurnstileVerification[] => verifications.map((v) => ({ ...v })),
    /** Forgets verifications, spent tokens and idempotency keys. */
    reset() {
      verifications = []
      spent = new Set()
      byIdempotencyKey = new Map()
    },
  }
}
