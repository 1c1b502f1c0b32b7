/**
 * Manage tokens: what a booking's link carries, so a visitor can see, move or cancel that one booking with no
 * account and no database. A token names the appointment and its contact until an expiry (the appointment's end),
 * and is signed with HMAC-SHA256 (Web Crypto, so every runtime can check it) over the site's id as well, so a token
 * of one site is worthless on another without carrying the site.
 *
 * What must be in it is short, so it is written as base64url characters end to end (68 for GHL's 20-character ids):
 *
 * | characters | what |
 * | --- | --- |
 * | 8 | 6 bytes: format version 1, the expiry in seconds since the epoch (4 bytes, big-endian), the appointment id's length |
 * | n | the appointment id as it is: GHL's ids are base64url characters already, 6 bits each, as packed as bytes would be |
 * | m | the contact id as it is, up to the signature |
 * | 20 | the first 15 bytes (120 bits) of the HMAC over a domain label, the site id and every character before |
 *
 * The header and the signature are whole groups of 3 bytes, so each of their characters stands for exactly 6 bits:
 * no character can change without changing the bytes (base64's padding bits would allow that otherwise).
 */
import { ProxyError } from '../../errors.ts'
import type { Clock } from '../../types.ts'

/** What a token says. */
export interface ManageClaims {
  appointmentId: string
  contactId: string
  /** Epoch ms at which the token stops working (whole seconds). */
  expiresAt: number
}

/** Options of {@link createManageTokens}. */
export interface ManageTokensOptions {
  /** Signs new tokens and checks tokens (`MANAGE_SECRET`). */
  secret: string
  /** Checks tokens signed before a rotation (`MANAGE_SECRET_PREVIOUS`). Default none. */
  previousSecret?: string
  /** Default `Date.now`. */
  clock?: Clock
}

/** Issues and checks tokens. */
export interface ManageTokens {
  /** A token for the claims, signed with the current secret. Throws an Error for an id it cannot carry. */
  issue(siteId: string, claims: ManageClaims): Promise<string>
  /**
   * The claims of a token of this site: 401 `link_invalid` for anything not signed by one of the secrets for this
   * site (cut, altered, another site's, a retired secret's), 410 `link_expired` for one past its expiry.
   */
  verify(siteId: string, token: string): Promise<ManageClaims>
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const VALUES = new Map([...ALPHABET].map((char, value) => [char, value]))
const ID = /^[A-Za-z0-9_-]{1,255}$/
const VERSION = 1
const HEADER_CHARS = 8
const MAC_BYTES = 15
const MAC_CHARS = 20
/** Separates what these signatures mean from any other use of the same secret. */
const DOMAIN = 'ghl-booking/manage/v1'

/** base64url of whole groups of 3 bytes. */
function encode(bytes: Uint8Array): string {
  let text = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
    text += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63]
  }
  return text
}

/** The bytes of whole groups of 4 base64url characters (the caller checked the alphabet). */
function decode(text: string): Uint8Array {
  const bytes = new Uint8Array((text.length / 4) * 3)
  for (let i = 0, j = 0; i < text.length; i += 4, j += 3) {
    const n = [0, 1, 2, 3].reduce((acc, k) => (acc << 6) | VALUES.get(text[i + k]!)!, 0)
    bytes.set([n >> 16, (n >> 8) & 255, n & 255], j)
  }
  return bytes
}

/** 401 `link_invalid`: the one answer for every token this proxy did not sign for this site, whatever is wrong. */
export const linkInvalid = () =>
  new ProxyError(
    401,
    'link_invalid',
    'This booking link is not valid: it is incomplete or was changed, or it belongs to another site.',
  )

const expired = () =>
  new ProxyError(410, 'link_expired', 'This booking link has expired: the appointment is over.')

/** Equal bytes, taking as long whatever the first difference. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ (b[i] ?? 0)
  return difference === 0
}

/** Builds the issuer and checker; the secrets' keys are imported once. */
export function createManageTokens(options: ManageTokensOptions): ManageTokens {
  const clock = options.clock ?? Date.now
  const importKey = (secret: string) =>
    crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    )
  const current = importKey(options.secret)
  const keys = [current, ...(options.previousSecret ? [importKey(options.previousSecret)] : [])]

  async function mac(key: Promise<CryptoKey>, siteId: string, signed: string): Promise<Uint8Array> {
    const data = new TextEncoder().encode(`${DOMAIN}\n${siteId}\n${signed}`)
    const full = await crypto.subtle.sign('HMAC', await key, data)
    return new Uint8Array(full, 0, MAC_BYTES)
  }

  return {
    async issue(siteId, { appointmentId, contactId, expiresAt }) {
      if (!ID.test(appointmentId) || !ID.test(contactId)) {
        throw new Error('An appointment or contact id a manage token cannot carry (not base64url characters)')
      }
      const seconds = Math.min(2 ** 32 - 1, Math.max(0, Math.ceil(expiresAt / 1000)))
      const header = new Uint8Array(6)
      header[0] = VERSION
      new DataView(header.buffer).setUint32(1, seconds)
      header[5] = appointmentId.length
      const signed = encode(header) + appointmentId + contactId
      return signed + encode(await mac(current, siteId, signed))
    },

    async verify(siteId, token) {
      const length = token.length
      if (length < HEADER_CHARS + 2 + MAC_CHARS || length > HEADER_CHARS + 510 + MAC_CHARS)
        throw linkInvalid()
      if (![...token].every((char) => VALUES.has(char))) throw linkInvalid()
      const header = decode(token.slice(0, HEADER_CHARS))
      const idLength = header[5]!
      const contactLength = length - HEADER_CHARS - idLength - MAC_CHARS
      if (header[0] !== VERSION || idLength < 1 || contactLength < 1) throw linkInvalid()
      const signed = token.slice(0, length - MAC_CHARS)
      const given = decode(token.slice(length - MAC_CHARS))
      let signedHere = false
      for (const key of keys) if (sameBytes(await mac(key, siteId, signed), given)) signedHere = true
      // Only a token this proxy signed for this site says anything: a forged one is invalid, not "expired".
      if (!signedHere) throw linkInvalid()
      const expiresAt = new DataView(header.buffer).getUint32(1) * 1000
      if (clock() >= expiresAt) throw expired()
      return {
        appointmentId: signed.slice(HEADER_CHARS, HEADER_CHARS + idLength),
        contactId: signed.slice(HEADER_CHARS + idLength),
        expiresAt,
      }
    },
  }
}
