/** `GET /widget.js`: the built widget, with an ETag and caching headers, or a clear 404 when not built. */
import type { Handler } from 'hono'
import { ProxyError } from '../errors.ts'

/** The built widget bundle. */
export interface WidgetAsset {
  body: string
  /** A strong ETag, quoted (`"abc123"`). */
  etag: string
}

/** The `/widget.js` handler; `asset` is asked on every request so an entry may reload it. */
export function widgetHandler(asset: () => WidgetAsset | undefined, maxAgeSeconds = 300): Handler {
  return function serveWidget(c) {
    const widget = asset()
    if (!widget) {
      throw new ProxyError(
        404,
        'not_found',
        'The widget is not built yet: run `npm run build` and restart the proxy.',
      )
    }
    // Host pages load the script from their own origin: short cache, long revalidation window.
    c.header('Cache-Control', `public, max-age=${maxAgeSeconds}, stale-while-revalidate=86400`)
    c.header('ETag', widget.etag)
    c.header('Access-Control-Allow-Origin', '*')
    if (
      c.req
        .header('If-None-Match')
        ?.split(/\s*,\s*/)
        .includes(widget.etag)
    )
      return c.body(null, 304)
    c.header('Content-Type', 'text/javascript; charset=utf-8')
    return c.body(widget.body)
  }
}
