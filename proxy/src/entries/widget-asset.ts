/** Loads the built widget from disk for `GET /widget.js` and `GET /widget/:file` (Node only). */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import type { StaticAsset } from '../routes/static-asset.ts'
import type { WidgetAsset } from '../routes/widget.ts'

/**
 * Reads a file once, gives it a strong ETag and compresses it once with brotli and gzip at their highest levels
 * (some milliseconds at start, instead of work on every request).
 */
function readAsset(path: string, immutable = false): StaticAsset {
  const body = readFileSync(path, 'utf8')
  return {
    body,
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    encoded: {
      br: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
      gzip: gzipSync(body, { level: 9 }),
    },
    immutable,
  }
}

/**
 * The built widget: `path` (`dist/widget.js`) and every file of the `widget/` folder beside it, the modules it
 * loads (content-hashed by the build, so immutable); undefined when it has not been built.
 */
export function readWidgetAsset(path: string): WidgetAsset | undefined {
  if (!existsSync(path)) return undefined
  const folder = join(dirname(path), 'widget')
  const names = existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith('.js')) : []
  return {
    ...readAsset(path),
    modules: Object.fromEntries(names.map((name) => [name, readAsset(join(folder, name), true)])),
  }
}
