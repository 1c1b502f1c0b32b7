/**
 * Counts every request by the route it was for, its method and its status, with its duration. The route is the
 * template the app registered (`/v1/sites/:site/calendars/:calendarId/slots`), never the path the visitor sent, so
 * the label set is as small as the app's routes; a request no route matches is `unmatched`.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { matchedRoutes } from 'hono/route'
import type { Clock } from '../types.ts'
import { requestMethod, type Metrics } from './metrics.ts'

/** Options of {@link requestMetrics}. */
export interface RequestMetricsOptions {
  metrics: Metrics
  /** Default `Date.now`. */
  clock?: Clock
}

/**
 * The template of the route a request was for: the last matching handler's, whether or not it ran (a request
 * the site gate refused still counts under its route). Middleware is mounted with `app.use`, whose method is `ALL`.
 */
export function routeOf(c: Context): string {
  const routes = matchedRoutes(c)
  for (let i = routes.length - 1; i >= 0; i--) if (routes[i]!.method !== 'ALL') return routes[i]!.path
  return 'unmatched'
}

/** The middleware; mount it first, so it sees every answer, errors included. */
export function requestMetrics(options: RequestMetricsOptions): MiddlewareHandler {
  const { metrics } = options
  const clock = options.clock ?? Date.now
  return async function countRequest(c, next) {
    const started = clock()
    await next()
    metrics.request(routeOf(c), requestMethod(c.req.method), c.res.status, (clock() - started) / 1000)
  }
}
