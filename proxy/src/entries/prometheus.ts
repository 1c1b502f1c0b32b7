/**
 * The metrics port on prom-client (Node only): one registry per proxy, Prometheus text for `GET /metrics`. The
 * names and labels are the ones the README lists under Metrics; every label value is bounded by the caller (see
 * metrics/metrics.ts).
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { Metrics } from '../metrics/metrics.ts'

/** Options of {@link createPrometheusMetrics}. */
export interface PrometheusMetricsOptions {
  /** Where the metrics are registered. Default a new registry of their own. */
  registry?: Registry
  /** Also the process's own (CPU, memory, event loop lag, handles), prefixed `ghl_booking_`. Default false. */
  processMetrics?: boolean
}

/** Seconds: a cached answer takes well under a millisecond, GHL a few hundred, a call gives up after 20 s. */
const REQUEST_BUCKETS = [0.001, 0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25]
const UPSTREAM_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 20]
const WAIT_BUCKETS = [0.01, 0.1, 0.5, 1, 2.5, 5, 10]

/** prom-client behind the metrics port, and its registry. */
export function createPrometheusMetrics(
  options: PrometheusMetricsOptions = {},
): Metrics & { registry: Registry } {
  const registry = options.registry ?? new Registry()
  const registers = [registry]
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'ghl_booking_' })

  const requests = new Counter({
    name: 'ghl_booking_requests_total',
    help: 'Requests answered, by route template, method and status.',
    labelNames: ['route', 'method', 'status'] as const,
    registers,
  })
  const requestSeconds = new Histogram({
    name: 'ghl_booking_request_duration_seconds',
    help: 'Time to answer a request, by route template.',
    labelNames: ['route'] as const,
    buckets: REQUEST_BUCKETS,
    registers,
  })
  const slotReads = new Counter({
    name: 'ghl_booking_slot_reads_total',
    help: 'Slots answers: hit (from memory), miss (waited for GHL), stale (older slots while GHL failed or was slow).',
    labelNames: ['result'] as const,
    registers,
  })
  const upstream = new Counter({
    name: 'ghl_booking_upstream_requests_total',
    help: 'Attempts of GHL calls, by call and status (timeout, network: no answer).',
    labelNames: ['call', 'status'] as const,
    registers,
  })
  const upstreamSeconds = new Histogram({
    name: 'ghl_booking_upstream_duration_seconds',
    help: 'Time of one attempt of a GHL call, by call and status.',
    labelNames: ['call', 'status'] as const,
    buckets: UPSTREAM_BUCKETS,
    registers,
  })
  const upstream429 = new Counter({
    name: 'ghl_booking_upstream_rate_limited_total',
    help: 'GHL answers 429, by call.',
    labelNames: ['call'] as const,
    registers,
  })
  const waiting = new Gauge({
    name: 'ghl_booking_throttle_queue_depth',
    help: 'Calls waiting in the GHL throttle, over all locations.',
    registers,
  })
  const waited = new Histogram({
    name: 'ghl_booking_throttle_wait_seconds',
    help: 'Time a call waited in the GHL throttle before it was sent.',
    buckets: WAIT_BUCKETS,
    registers,
  })
  const refused = new Counter({
    name: 'ghl_booking_throttle_refused_total',
    help: 'Calls refused because the GHL throttle queue was full.',
    registers,
  })
  const bookings = new Counter({
    name: 'ghl_booking_bookings_total',
    help: 'Booking requests, by outcome.',
    labelNames: ['outcome'] as const,
    registers,
  })
  const opportunities = new Counter({
    name: 'ghl_booking_opportunities_total',
    help: 'Background opportunity jobs by outcome (created, moved, unchanged, failed), and attempts retried.',
    labelNames: ['outcome'] as const,
    registers,
  })
  const limited = new Counter({
    name: 'ghl_booking_rate_limited_total',
    help: 'Requests refused by a limit, by site and limit.',
    labelNames: ['site', 'limit'] as const,
    registers,
  })
  const tokenRefreshes = new Counter({
    name: 'ghl_booking_token_refreshes_total',
    help: 'Marketplace token renewals, by outcome: refreshed, coalesced, waited (another instance refreshed), failed, dead (reinstall needed).',
    labelNames: ['outcome'] as const,
    registers,
  })
  const locationTokens = new Counter({
    name: 'ghl_booking_location_tokens_total',
    help: 'Location tokens fetched from an agency grant (/oauth/locationToken).',
    registers,
  })

  return {
    registry,
    request(route, method, status, seconds) {
      requests.inc({ route, method, status: String(status) })
      requestSeconds.observe({ route }, seconds)
    },
    slotRead: (result) => slotReads.inc({ result }),
    upstream(call, status, seconds) {
      upstream.inc({ call, status })
      upstreamSeconds.observe({ call, status }, seconds)
      if (status === '429') upstream429.inc({ call })
    },
    throttleWaiting: (change) => waiting.inc(change),
    throttleWaited: (seconds) => waited.observe(seconds),
    throttleRefused: () => refused.inc(),
    booking: (outcome) => bookings.inc({ outcome }),
    opportunity: (outcome) => opportunities.inc({ outcome }),
    rateLimited: (site, limit) => limited.inc({ site, limit }),
    tokenRefresh: (outcome) => tokenRefreshes.inc({ outcome }),
    locationToken: () => locationTokens.inc(),
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() }
    },
  }
}
