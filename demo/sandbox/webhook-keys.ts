/**
 * The sandbox's own Ed25519 key pair for signing webhooks. It is a published test key: it proves nothing about
 * GHL and must never be trusted in production. Point the proxy's webhook public key at
 * `SANDBOX_WEBHOOK_PUBLIC_KEY` only when it talks to the sandbox.
 */

/** The public key (SPKI, PEM) that verifies the sandbox's `x-ghl-signature`. */
export const SANDBOX_WEBHOOK_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAqPIgKogS9z5fk3Z+zHZTVrHvQGLAAT6yuu0niASzEP4=
-----END PUBLIC KEY-----
`

/** The private key (PKCS#8, PEM). Test material only. */
export const SANDBOX_WEBHOOK_PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIBVq67SVbmgw0FcoYcmqg+T5GL5AeiOkbDiAg9I60viA
-----END PRIVATE KEY-----
`

/** The DER bytes inside a PEM block. */
export function pemToDer(pem: string): Uint8Array<ArrayBuffer> {
  const base64 = pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '')
  return Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0))
}

/** Base64 of bytes, with Web APIs only (the sandbox runs wherever Hono does). */
export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary)
}

let signingKey: Promise<CryptoKey> | undefined

/** Signs bytes with the sandbox key: the base64 Ed25519 signature GHL puts in `x-ghl-signature`. */
export async function signWebhookBody(body: Uint8Array<ArrayBuffer>): Promise<string> {
  signingKey ??= crypto.subtle.importKey(
    'pkcs8',
    pemToDer(SANDBOX_WEBHOOK_PRIVATE_KEY),
    { name: 'Ed25519' },
    false,
    ['sign'],
  )
  const signature = await crypto.subtle.sign({ name: 'Ed25519' }, await signingKey, body)
  return toBase64(new Uint8Array(signature))
}
