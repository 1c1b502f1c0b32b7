/** Loads the built widget bundle from disk for `GET /widget.js` (Node only). */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import type { WidgetAsset } from '../routes/widget.ts'

/**
 * Reads the bundle once, gives it a strong ETag and compresses it once with brotli and gzip at their highest
 * levels (a few milliseconds at start, instead of work on every request); undefined when it has not been built.
 */
export function readWidgetAsset(path: string): WidgetAsset | undefined {
  if (!existsSync(path)) return undefined
  const body = readFileSync(path, 'utf8')
  return {
    body,
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    encoded: {
      br: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
      gzip: gzipSync(body, { level: 9 }),
    },
  }
}
