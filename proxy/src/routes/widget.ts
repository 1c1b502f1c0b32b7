/**
 * `GET /widget.js` and `GET /widget/:file`: the built widget, `widget.js` (the script tag's file, cached briefly
 * and revalidated) and the content-hashed modules it loads later (cached for a year, immutable), each with an
 * ETag and open CORS (a page of any origin imports them), or a clear 404 when the widget is not built.
 */
import { Hono } from 'hono'
import { ProxyError } from '../errors.ts'
import { serveStaticAsset, type StaticAsset } from './static-asset.ts'

/** The built widget: `widget.js`, and the modules it loads by file name (`widget-<hash>.js`, ...). */
export interface WidgetAsset extends StaticAsset {
  /** The files of the build's `widget/` folder, by name; each `immutable`. Default none. */
  modules?: Readonly<Record<string, StaticAsset>>
}

const JAVASCRIPT = 'text/javascript; charset=utf-8'

const notBuilt = () =>
  new ProxyError(404, 'not_found', 'The widget is not built yet: run `npm run build` and restart the proxy.')

/**
 * The widget's routes; `asset` is asked on every request so an entry may reload it. A module name the build did
 * not make is the usual 404: the names are the build's, never a path on disk.
 */
export function widgetRoutes(asset: () => WidgetAsset | undefined, maxAgeSeconds = 300) {
  return new Hono()
    .get('/widget.js', function serveWidget(c) {
      const widget = asset()
      if (!widget) throw notBuilt()
      return serveStaticAsset(c, widget, JAVASCRIPT, maxAgeSeconds)
    })
    .get('/widget/:file', function serveWidgetModule(c) {
      const widget = asset()
      if (!widget) throw notBuilt()
      const name = c.req.param('file')
      const module = Object.hasOwn(widget.modules ?? {}, name) ? widget.modules![name] : undefined
      if (!module) throw new ProxyError(404, 'not_found', 'There is no such file of the widget.')
      return serveStaticAsset(c, module, JAVASCRIPT, maxAgeSeconds)
    })
}
