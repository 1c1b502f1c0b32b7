/** Loads the built widget bundle from disk for `GET /widget.js` (Node only). */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import type { WidgetAsset } from './routes/widget.ts'

/** Reads the bundle once and gives it a strong ETag; undefined when it has not been built. */
export function readWidgetAsset(path: string): WidgetAsset | undefined {
  if (!existsSync(path)) return undefined
  const body = readFileSync(path, 'utf8')
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` }
}
