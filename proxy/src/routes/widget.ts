/** `GET /widget.js`: the built widget, with an ETag and caching headers, or a clear 404 when not built. */
import type { Handler } from 'hono'
import { ProxyError } from '../errors.ts'
import { serveStaticAsset, type StaticAsset } from './static-asset.ts'

/** The built widget bundle. */
export type WidgetAsset = StaticAsset

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
    return serveStaticAsset(c, widget, 'text/javascript; charset=utf-8', maxAgeSeconds)
  }
}
