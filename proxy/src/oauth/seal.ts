/**
 * Sealing of Marketplace grants at rest: AES-256-GCM through Web Crypto, a random 96-bit IV per seal, and the
 * store key (`location:<id>`) as additional data, so a record copied under another key does not open. Each sealed
 * text names its key by an id, so after a rotation (`TOKEN_ENCRYPTION_KEY_PREVIOUS`) old records still open; every
 * write seals with the current key, so a record moves to it on its next write.
 * Format: `g1.<key id>.<iv>.<ciphertext and tag>`, base64url parts.
 */
import { fromBase64, toBase64Url, utf8 } from '../bytes.ts'

/** Opens and seals grants; see {@link createSealer}. */
export interface Sealer {
  /** `plaintext` sealed for the store key `aad`. */
  seal(aad: string, plaintext: string): Promise<string>
  /**
   * The plaintext of `sealed`, stored under `aad`; `stale` when it was sealed with the previous key. Throws a
   * {@link SealError} when it does not open (another key, another store key, altered).
   */
  open(aad: string, sealed: string): Promise<{ plaintext: string; stale: boolean }>
}

/** A sealed text that does not open; the message names no secret. */
export class SealError extends Error {
  override name = 'SealError'
}

/** Options of {@link createSealer}. */
export interface SealerOptions {
  /** `TOKEN_ENCRYPTION_KEY`: 32 bytes. Required. */
  key: Uint8Array<ArrayBuffer>
  /** `TOKEN_ENCRYPTION_KEY_PREVIOUS`: opens records sealed before a rotation, seals none. Default none. */
  previousKey?: Uint8Array<ArrayBuffer>
}

const VERSION = 'g1'

/** A short public id of a key: the first 6 bytes of SHA-256 over a label and the key (never the key itself). */
export async function keyId(key: Uint8Array<ArrayBuffer>): Promise<string> {
  const labelled = new Uint8Array([...utf8('ghl-booking key id '), ...key])
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', labelled))
  return toBase64Url(digest.slice(0, 6))
}

async function importAes(key: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  if (key.byteLength !== 32) throw new RangeError('A token encryption key must be 32 bytes')
  return crypto.subtle.importKey('raw', key, 'AES-GCM', false, ['encrypt', 'decrypt'])
}

/** Builds a {@link Sealer} over the current and (optionally) the previous key. */
export function createSealer(options: SealerOptions): Sealer {
  const keys = (async () => {
    const entries = [{ raw: options.key, current: true }]
    if (options.previousKey) entries.push({ raw: options.previousKey, current: false })
    return Promise.all(
      entries.map(async ({ raw, current }) => ({ id: await keyId(raw), key: await importAes(raw), current })),
    )
  })()
  // A bad key fails the first seal or open, never an unhandled rejection at start.
  keys.catch(() => {})

  return {
    async seal(aad, plaintext) {
      const current = (await keys)[0]!
      const iv = crypto.getRandomValues(new Uint8Array(12))
      const sealed = await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: utf8(aad) },
        current.key,
        utf8(plaintext),
      )
      return [VERSION, current.id, toBase64Url(iv), toBase64Url(new Uint8Array(sealed))].join('.')
    },
    async open(aad, sealed) {
      const [version, id, ivText, dataText, extra] = sealed.split('.')
      if (version !== VERSION || extra !== undefined || !ivText || !dataText)
        throw new SealError('Not a sealed grant')
      const entry = (await keys).find((candidate) => candidate.id === id)
      if (!entry)
        throw new SealError('Sealed with a key the proxy does not have (neither current nor previous)')
      const iv = fromBase64(ivText)
      const data = fromBase64(dataText)
      if (!iv || iv.byteLength !== 12 || !data) throw new SealError('Not a sealed grant')
      let plain: ArrayBuffer
      try {
        plain = await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv, additionalData: utf8(aad) },
          entry.key,
          data,
        )
      } catch {
        throw new SealError('The sealed grant does not open: altered, or stored under another key')
      }
      return { plaintext: new TextDecoder().decode(plain), stale: !entry.current }
    },
  }
}
