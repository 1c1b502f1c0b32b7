/**
 * `GET /widget.js`, `GET /widget/:file` (the content-hashed modules it loads later) and `GET /widget/locales/:file` from Workers Static Assets (the Worker's `ASSETS` binding),
 * answered as `serveStaticAsset` answers on Node: the same `Cache-Control`, open CORS, `Vary`, an ETag per
 * encoding and 304 on a match, brotli or gzip when accepted.
 */
import type { Context, Handler } from 'hono'
import { ProxyError } from '../errors.ts'
import type { AppEnv } from '../types.ts'
import { serveStaticAsset } from './static-asset.ts'

/** What a Workers Static Assets binding offers (`env.ASSETS`). */
export interface AssetFetcher {
  fetch(request: Request): Promise<Response>
}

/** A language file's name (as in locales.ts): no dots, slashes or encodings reach the binding. */
const LOCALE = /^\/widget\/locales\/[a-z]{2}(?:-[A-Z]{2})?\.json$/

/** A module of the build (`widget-<hash>.js`): no dots but the extension's, no slashes. */
const MODULE = /^\/widget\/[\w-]+\.js$/

/** The content type of a path the binding holds for visitors; undefined for any other path. */
function contentTypeOf(path: string): string | undefined {
  if (path === '/widget.js' || MODULE.test(path)) return 'text/javascript; charset=utf-8'
  if (LOCALE.test(path)) return 'application/json; charset=utf-8'
  return undefined
}

/** A strong ETag for `body`: the binding's when it sent one (weak or strong), else from its SHA-256. */
async function strongEtag(sent: string | null, body: string): Promise<string> {
  if (sent && /^(W\/)?"[^"]+"$/.test(sent)) return sent.replace(/^W\//, '')
  const hash = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body))
  return `"${Array.from(new Uint8Array(hash).slice(0, 16), (b) => b.toString(16).padStart(2, '0')).join('')}"`
}

/**
 * The handler for both routes; `assets` gives a request's binding (`c.env.ASSETS`). The file is asked for plainly
 * and answered with `Content-Encoding` named and the plain body, which the Workers runtime compresses on its way
 * out (`encodeBody: "automatic"`, its default): no compression code runs in the Worker.
 */
export function assetsBinding(
  assets: (c: Context<AppEnv>) => AssetFetcher,
  maxAgeSeconds = 300,
): Handler<AppEnv> {
  return async function serveFromAssets(c) {
    const type = contentTypeOf(c.req.path)
    const missing = () =>
      new ProxyError(
        404,
        'not_found',
        c.req.path === '/widget.js'
          ? 'The widget is not built yet: run `npm run build` and deploy again.'
          : MODULE.test(c.req.path)
            ? 'There is no such file of the widget.'
            : 'There is no such language.',
      )
    if (!type) throw missing()
    const response = await assets(c).fetch(new Request(new URL(c.req.path, c.req.url)))
    if (response.status !== 200) {
      await response.body?.cancel()
      throw missing()
    }
    const body = await response.text()
    const etag = await strongEtag(response.headers.get('ETag'), body)
    const immutable = MODULE.test(c.req.path)
    return serveStaticAsset(c, { body, etag, encodedByRuntime: true, immutable }, type, maxAgeSeconds)
  }
}
