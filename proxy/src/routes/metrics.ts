/**
 * `GET /metrics`: the proxy's metrics for a Prometheus scraper, behind `Authorization: Bearer <METRICS_TOKEN>`
 * (compared in constant time: Hono's bearerAuth hashes both sides with Web Crypto). Mounted only when a token is
 * configured and the runtime's metrics can render; otherwise `/metrics` is the usual 404. The token is never
 * part of an answer.
 */
import { Hono } from 'hono'
import { bearerAuth } from 'hono/bearer-auth'
import { ProxyError } from '../errors.ts'
import type { MetricsExposition } from '../metrics/metrics.ts'

/** What {@link metricsRoutes} needs. */
export interface MetricsRoutesDeps {
  /** The token a scraper sends as `Authorization: Bearer <token>`. */
  token: string
  /** The metrics as text. */
  render: () => Promise<MetricsExposition>
}

const refusal = (message: string) => new ProxyError(401, 'invalid_request', message).toJSON()

/** Builds the sub-app; mount it at `/metrics`. */
export function metricsRoutes(deps: MetricsRoutesDeps) {
  return new Hono()
    .use(
      bearerAuth({
        token: deps.token,
        noAuthenticationHeader: {
          message: refusal(
            'The metrics need the metrics token (METRICS_TOKEN) as Authorization: Bearer <token>.',
          ),
        },
        invalidAuthenticationHeader: { message: refusal('Expected Authorization: Bearer <token>.') },
        invalidToken: { message: refusal('This is not the metrics token the proxy was started with.') },
      }),
    )
    .get('/', async function exposeMetrics(c) {
      const { contentType, body } = await deps.render()
      c.header('Cache-Control', 'no-store')
      c.header('Content-Type', contentType)
      return c.body(body, 200)
    })
}
