/**
 * Ed25519 verification of GHL's `x-ghl-signature` with Web Crypto only, so it runs on edge runtimes too.
 * The signature is base64 over the raw request body exactly as received.
 */
import { fromBase64 } from '../../bytes.ts'

/**
 * The Ed25519 public key GHL publishes for `x-ghl-signature` (marketplace Webhook Integration Guide, as carried by
 * independent integrations). GHL may rotate it, so the proxy takes its key from configuration.
 */
export const GHL_WEBHOOK_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAi2HR1srL4o18O8BRa7gVJY7G7bupbN3H9AwJrHCDiOg=
-----END PUBLIC KEY-----`

const ED25519 = { name: 'Ed25519' }

/**
 * Imports a public key given as PEM (SPKI), or as the raw 32-byte key in base64 or hex, the forms GHL's SDK
 * accepts. Rejects anything else.
 */
export async function importWebhookKey(key: string): Promise<CryptoKey> {
  const text = key.trim()
  if (text.startsWith('-----BEGIN PUBLIC KEY-----')) {
    const der = fromBase64(text.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''))
    if (!der) throw new TypeError('The webhook public key is neither PEM, base64 nor hex')
    return crypto.subtle.importKey('spki', der, ED25519, false, ['verify'])
  }
  let raw: Uint8Array<ArrayBuffer>
  if (/^[0-9a-f]{64}$/i.test(text)) {
    raw = Uint8Array.from(text.match(/../g)!, (byte) => parseInt(byte, 16))
  } else {
    const decoded = fromBase64(text)
    if (!decoded) throw new TypeError('The webhook public key is neither PEM, base64 nor hex')
    raw = decoded
  }
  if (raw.length !== 32) throw new TypeError('A raw Ed25519 public key has 32 bytes')
  return crypto.subtle.importKey('raw', raw, ED25519, false, ['verify'])
}

/** Whether `signature` (base64) is a valid Ed25519 signature of `body` under `key`. Never throws. */
export async function verifySignature(
  key: CryptoKey,
  body: ArrayBuffer,
  signature: string,
): Promise<boolean> {
  try {
    const bytes = fromBase64(signature.trim())
    if (bytes?.length !== 64) return false
    return await crypto.subtle.verify(ED25519, key, bytes, body)
  } catch {
    return false
  }
}
