/**
 * The response for a static asset the widget loads into host pages: `/widget.js`, the modules it loads and its
 * locale files.
 */
import type { Context } from 'hono'
import { matchesEtag } from './etag.ts'

/** A static body and its strong ETag, with optional precompressed copies of the same body. */
export interface StaticAsset {
  body: string
  /** A strong ETag, quoted (`"abc123"`). */
  etag: string
  /** The body compressed once, ahead of time: served to clients that accept the encoding. */
  encoded?: { br?: Uint8Array; gzip?: Uint8Array }
  /**
   * The runtime compresses a plain body whose response names an encoding (Cloudflare Workers, `encodeBody:
   * "automatic"`), so every accepted encoding is offered without precompressed copies. Default false.
   */
  encodedByRuntime?: boolean
  /**
   * The name carries a hash of the content, so the body behind it never changes: cached for a year and never
   * revalidated (`immutable`), whatever `maxAgeSeconds` says. Default false.
   */
  immutable?: boolean
}

/** A year: how long a content-hashed asset is cached. */
const IMMUTABLE = 'public, max-age=31536000, immutable'

/** Encodings a client accepts (`Accept-Encoding`), leaving out those it refuses with `q=0`. */
function acceptedEncodings(header: string | undefined): Set<string> {
  const accepted = new Set<string>()
  for (const part of (header ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';')
    if (name && !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p))) accepted.add(name.trim())
  }
  return accepted
}

/**
 * Answers with `asset` as `contentType`, or 304 with no body when `If-None-Match` names its ETag. Host pages on
 * any origin load these files (a module with CORS), so CORS is open to all; the cache is short, with a long
 * revalidation window, so a new build reaches visitors within `maxAgeSeconds` while revalidations stay cheap, but
 * for an `immutable` asset, which is cached for a year.
 */
export function serveStaticAsset(
  c: Context,
  asset: StaticAsset,
  contentType: string,
  maxAgeSeconds: number,
): Response {
  const accepted = acceptedEncodings(c.req.header('Accept-Encoding'))
  const encoding = (['br', 'gzip'] as const).find(
    (name) => (asset.encodedByRuntime || asset.encoded?.[name]) && accepted.has(name),
  )
  // Each encoding is its own representation, so it has its own validator; a runtime that encodes by itself picks
  // the encoding the client gets (Cloudflare hands the Worker `Accept-Encoding: br, gzip` whatever the client
  // sent), so there one validator names them all.
  const etag = encoding && !asset.encodedByRuntime ? `${asset.etag.slice(0, -1)}-${encoding}"` : asset.etag
  c.header(
    'Cache-Control',
    asset.immutable ? IMMUTABLE : `public, max-age=${maxAgeSeconds}, stale-while-revalidate=86400`,
  )
  c.header('ETag', etag)
  c.header('Access-Control-Allow-Origin', '*')
  if (asset.encoded || asset.encodedByRuntime) c.header('Vary', 'Accept-Encoding')
  if (matchesEtag(c.req.header('If-None-Match'), etag)) return c.body(null, 304)
  c.header('Content-Type', contentType)
  if (!encoding) return c.body(asset.body)
  c.header('Content-Encoding', encoding)
  const encoded = asset.encoded?.[encoding] as Uint8Array<ArrayBuffer> | undefined
  return c.body(encoded ?? asset.body)
}
