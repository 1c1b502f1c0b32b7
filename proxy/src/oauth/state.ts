/**
 * The `state` of the install flow: a random nonce and an expiry, signed with HMAC-SHA256 under a key derived by
 * HKDF from `TOKEN_ENCRYPTION_KEY` (so the one secret does one job per derived key). The nonce also goes into an
 * HttpOnly cookie, binding the flow to the browser that started it; the routes remember used nonces (one use).
 * Format: `<nonce>.<expiry, epoch seconds>.<signature>`, base64url parts.
 */
import type { Clock } from '../types.ts'
import { fromBase64, toBase64Url, utf8 } from '../bytes.ts'

/** Why a state was refused. */
export type StateProblem = 'missing' | 'tampered' | 'expired' | 'cookie_mismatch'

/** Issues and checks install states; see {@link createStateSigner}. */
export interface StateSigner {
  /** A new state and its nonce (the cookie's value). */
  issue(): Promise<{ state: string; nonce: string }>
  /** The state's nonce when it is genuine, unexpired and matches the cookie; else the problem. */
  check(
    state: string | undefined,
    cookie: string | undefined,
  ): Promise<{ ok: true; nonce: string } | { ok: false; problem: StateProblem }>
}

/** Options of {@link createStateSigner}. */
export interface StateSignerOptions {
  /** `TOKEN_ENCRYPTION_KEY` (32 bytes). Required. */
  key: Uint8Array<ArrayBuffer>
  /** `TOKEN_ENCRYPTION_KEY_PREVIOUS`: states signed before a rotation still pass. Default none. */
  previousKey?: Uint8Array<ArrayBuffer>
  /** How long a state is good, ms. Default 10 minutes (as long as GHL's codes). */
  ttlMs?: number
  /** Default `Date.now`. */
  clock?: Clock
}

/** The HMAC key for states, derived from the token encryption key. */
async function stateKey(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', raw, 'HKDF', false, ['deriveKey'])
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: utf8('ghl-booking oauth'), info: utf8('install state v1') },
    base,
    { name: 'HMAC', hash: 'SHA-256', length: 256 },
    false,
    ['sign', 'verify'],
  )
}

/** Builds a {@link StateSigner}. */
export function createStateSigner(options: StateSignerOptions): StateSigner {
  const { ttlMs = 600_000, clock = Date.now } = options
  const keys = Promise.all([options.key, ...(options.previousKey ? [options.previousKey] : [])].map(stateKey))
  keys.catch(() => {})

  return {
    async issue() {
      const nonce = toBase64Url(crypto.getRandomValues(new Uint8Array(18)))
      const body = `${nonce}.${Math.ceil((clock() + ttlMs) / 1000)}`
      const signature = await crypto.subtle.sign('HMAC', (await keys)[0]!, utf8(body))
      return { state: `${body}.${toBase64Url(new Uint8Array(signature))}`, nonce }
    },
    async check(state, cookie) {
      if (!state) return { ok: false, problem: 'missing' }
      const parts = state.length <= 200 ? state.split('.') : []
      const [nonce, expiry, signatureText] = parts
      const signature = signatureText === undefined ? undefined : fromBase64(signatureText)
      if (parts.length !== 3 || !nonce || !/^\d{1,12}$/.test(expiry ?? '') || !signature)
        return { ok: false, problem: 'tampered' }
      const body = utf8(`${nonce}.${expiry}`)
      let genuine = false
      for (const key of await keys) {
        if (await crypto.subtle.verify('HMAC', key, signature, body)) genuine = true
      }
      if (!genuine) return { ok: false, problem: 'tampered' }
      if (Number(expiry) * 1000 <= clock()) return { ok: false, problem: 'expired' }
      if (cookie !== nonce) return { ok: false, problem: 'cookie_mismatch' }
      return { ok: true, nonce }
    },
  }
}
