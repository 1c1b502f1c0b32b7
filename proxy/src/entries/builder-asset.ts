/** Loads the embed-code builder's files (`proxy/builder/`) from disk for `/admin/` (Node only). */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BuilderAssets } from '../routes/admin.ts'

/**
 * Where the builder's files are, wherever the process was started: `builder/` beside the running module when the
 * build put them there (`dist/proxy/builder/`, for `node dist/proxy/node.js`), else `proxy/builder/` of the
 * source tree (`node --import tsx proxy/src/entries/node.ts`).
 */
export const BUILDER_DIR = [
  new URL('./builder/', import.meta.url),
  new URL('../../builder/', import.meta.url),
]
  .map((url) => fileURLToPath(url))
  .find((dir) => existsSync(join(dir, 'index.html')))!

/**
 * Reads each file of `dir` once, with a strong ETag, keyed by its name; undefined when the folder is missing.
 * The files are a few kilobytes: no precompression, unlike the widget, which every visitor loads.
 */
export function readBuilderAssets(dir: string = BUILDER_DIR): BuilderAssets | undefined {
  if (!existsSync(dir)) return undefined
  const assets: Record<string, { body: string; etag: string }> = {}
  for (const name of readdirSync(dir)) {
    const body = readFileSync(join(dir, name), 'utf8')
    assets[name] = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` }
  }
  return assets
}
