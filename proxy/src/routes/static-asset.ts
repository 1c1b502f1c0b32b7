/** The response for a static asset the widget loads into host pages: `/widget.js` and its locale files. */
import type { Context } from 'hono'
import { matchesEtag } from './etag.ts'

/** A static body and its strong ETag. */
export interface StaticAsset {
  body: string
  /** A strong ETag, quoted (`"abc123"`). */
  etag: string
}

/**
 * Answers with `asset` as `contentType`, or 304 with no body when `If-None-Match` names its ETag. Host pages on
 * any origin load these files, so CORS is open to all; the cache is short, with a long revalidation window, so
 * a new build reaches visitors within `maxAgeSeconds` while revalidations stay cheap.
 */
export function serveStaticAsset(
  c: Context,
  asset: StaticAsset,
  contentType: string,
  maxAgeSeconds: number,
): Response {
  c.header('Cache-Control', `public, max-age=${maxAgeSeconds}, stale-while-revalidate=86400`)
  c.header('ETag', asset.etag)
  c.header('Access-Control-Allow-Origin', '*')
  if (matchesEtag(c.req.header('If-None-Match'), asset.etag)) return c.body(null, 304)
  c.header('Content-Type', contentType)
  return c.body(asset.body)
}
