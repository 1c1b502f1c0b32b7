// Every answer's header set, through the whole app: security headers (Hono's secureHeaders values), the request
// id, CORS and rate-limit headers on site routes, the route's own headers, on success, errors and preflights.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Hono } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import { routes } from '../../../contract/schemas.ts'
import { FAKE } from '../../../test/support/fake-ghl.ts'
import { createFakeProxy, FAKE_ORIGIN as ORIGIN } from '../../../test/support/fake-proxy.ts'

const SLOTS = `${routes.slots('acme', FAKE.calendarId)}?from=2026-03-09&to=2026-03-15&timeZone=Europe/Berlin`
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

function setup() {
  return createFakeProxy({
    clock: () => Date.parse('2026-03-02T17:00:20Z'),
    site: { rateLimit: { visitor: { limit: 1, windowSeconds: 60 } } },
    clientIp: (c) => c.req.header('x-test-ip'),
  }).proxy.app
}

/** A response's headers by lower-case name, with a generated request id as `<uuid>`. */
function headersOf(response: Response): Record<string, string> {
  const headers = Object.fromEntries(response.headers)
  if (UUID.test(headers['x-request-id'] ?? '')) headers['x-request-id'] = '<uuid>'
  return headers
}

/** What Hono's secureHeaders, as the proxy configured it before, puts on every answer. */
async function honoSecurityHeaders(): Promise<Record<string, string>> {
  const app = new Hono()
    .use(secureHeaders({ crossOriginResourcePolicy: 'cross-origin' }))
    .get('/', (c) => c.body(null, 204))
  return Object.fromEntries((await app.request('/')).headers)
}

const CORS = {
  'access-control-allow-origin': ORIGIN,
  'access-control-expose-headers':
    'Retry-After,RateLimit,RateLimit-Policy,X-Request-Id,X-Slots-Stale,Idempotent-Replayed',
  vary: 'Origin',
}
const SITE_LIMIT = { 'ratelimit-policy': '"site";q=600;w=60' }
/** A JSON answer (and its 304) may go out compressed: it varies on the encodings the client accepts as well. */
const COMPRESSIBLE = { vary: 'Origin, Accept-Encoding' }

test('security headers are the ones Hono secureHeaders set, on every kind of answer', async () => {
  const security = await honoSecurityHeaders()
  assert.equal(Object.keys(security).length, 11)
  const app = setup()
  for (const [path, init] of [
    [SLOTS, { headers: { Origin: ORIGIN } }],
    ['/healthz', {}],
    ['/nope', {}],
    [SLOTS, { headers: { Origin: 'https://evil.test' } }],
    [SLOTS, { method: 'OPTIONS', headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'GET' } }],
  ] as const) {
    const headers = headersOf(await app.request(path, init))
    for (const [name, value] of Object.entries(security))
      assert.equal(headers[name], value, `${path} ${name}`)
    assert.equal(headers['x-powered-by'], undefined)
  }
})

test('a slots answer, its 304 and one without Origin', async () => {
  const security = await honoSecurityHeaders()
  const app = setup()
  const first = await app.request(SLOTS, { headers: { Origin: ORIGIN } })
  const etag = first.headers.get('etag') ?? ''
  assert.match(etag, /^"[0-9a-z]+-[0-9a-z]+"$/)
  const slots = {
    ...security,
    ...CORS,
    ...SITE_LIMIT,
    ...COMPRESSIBLE,
    'cache-control': 'public, no-cache',
    etag,
    'x-request-id': '<uuid>',
  }
  assert.deepEqual(headersOf(first), {
    ...slots,
    'content-type': 'application/json',
    ratelimit: '"site";r=599;t=40',
  })
  const notModified = await app.request(SLOTS, { headers: { Origin: ORIGIN, 'If-None-Match': etag } })
  assert.equal(notModified.status, 304)
  assert.deepEqual(headersOf(notModified), { ...slots, ratelimit: '"site";r=598;t=40' })
  const { 'access-control-allow-origin': _, ...withoutOrigin } = slots
  assert.deepEqual(headersOf(await app.request(SLOTS)), {
    ...withoutOrigin,
    'content-type': 'application/json',
    ratelimit: '"site";r=597;t=40',
  })
})

test('calendar details', async () => {
  const response = await setup().request(routes.calendar('acme', FAKE.calendarId), {
    headers: { Origin: ORIGIN },
  })
  assert.deepEqual(headersOf(response), {
    ...(await honoSecurityHeaders()),
    ...CORS,
    ...SITE_LIMIT,
    ...COMPRESSIBLE,
    'cache-control': 'public, max-age=300',
    'content-type': 'application/json',
    ratelimit: '"site";r=599;t=40',
    'x-request-id': '<uuid>',
  })
})

test('errors behind the gate carry CORS and limits; the gate and unknown routes the security headers and open CORS', async () => {
  const security = {
    ...(await honoSecurityHeaders()),
    'content-type': 'application/json',
    'x-request-id': '<uuid>',
  }
  const app = setup()
  const get = async (path: string, headers: Record<string, string> = { Origin: ORIGIN }) => {
    const response = await app.request(path, { headers })
    return [response.status, headersOf(response)]
  }
  const gated = { ...security, ...CORS, ...SITE_LIMIT }
  assert.deepEqual(await get(`${routes.slots('acme', FAKE.calendarId)}?from=x`), [
    400,
    { ...gated, ratelimit: '"site";r=599;t=40' },
  ])
  assert.deepEqual(await get(SLOTS.replace(FAKE.calendarId, 'nope')), [
    404,
    { ...gated, ratelimit: '"site";r=598;t=40' },
  ])
  const booking = await app.request(routes.bookings('acme'), {
    method: 'POST',
    headers: { Origin: ORIGIN, 'content-type': 'application/json' },
    body: '{}',
  })
  assert.equal(booking.status, 400)
  assert.deepEqual(headersOf(booking), { ...gated, ratelimit: '"site";r=597;t=40' })
  const limited = { ...gated, 'ratelimit-policy': '"site";q=600;w=60, "visitor";q=1;w=60' }
  assert.deepEqual(await get(SLOTS, { Origin: ORIGIN, 'x-test-ip': '10.0.0.1' }), [
    200,
    {
      ...limited,
      ...COMPRESSIBLE,
      'cache-control': 'public, no-cache',
      etag: (await app.request(SLOTS)).headers.get('etag'),
      ratelimit: '"visitor";r=0;t=40',
    },
  ])
  assert.deepEqual(await get(SLOTS, { Origin: ORIGIN, 'x-test-ip': '10.0.0.1' }), [
    429,
    { ...limited, ratelimit: '"visitor";r=0;t=40', 'retry-after': '40' },
  ])
  // Readable from any page, so the widget can tell a refused origin or a mistyped id from being offline.
  const open = { ...security, 'access-control-allow-origin': '*' }
  assert.deepEqual(await get(SLOTS, { Origin: 'https://evil.test' }), [403, { ...open, vary: 'Origin' }])
  assert.deepEqual(await get(SLOTS.replace('/acme/', '/zzz/')), [404, open])
  assert.deepEqual(await get('/nope'), [404, open])
  assert.deepEqual(await get('/widget.js'), [404, open])
})

test('a preflight: CORS for the site, security headers, no rate limit', async () => {
  const response = await setup().request(SLOTS, {
    method: 'OPTIONS',
    headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'GET' },
  })
  assert.equal(response.status, 204)
  assert.deepEqual(headersOf(response), {
    ...(await honoSecurityHeaders()),
    ...CORS,
    'access-control-allow-headers': 'Content-Type,Idempotency-Key',
    'access-control-allow-methods': 'GET,POST,OPTIONS',
    'access-control-max-age': '600',
    vary: 'Origin, Access-Control-Request-Headers',
    'x-request-id': '<uuid>',
  })
})

test('a well-formed X-Request-Id from the caller is kept; anything else is replaced', async () => {
  const app = setup()
  const id = async (value: string) =>
    (await app.request('/healthz', { headers: { 'X-Request-Id': value } })).headers.get('x-request-id')
  assert.equal(await id('abc-123'), 'abc-123')
  assert.match((await id('no spaces')) ?? '', UUID)
  assert.match((await id('x'.repeat(256))) ?? '', UUID)
})
