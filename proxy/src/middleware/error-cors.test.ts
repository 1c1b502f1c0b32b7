// Every error answer is readable from any page, so a widget on a page the site does not list, or with a mistyped
// site or calendar id, can say what is wrong instead of looking offline; never with credentials.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { routes } from '../../../contract/schemas.ts'
import { FAKE } from '../../../test/support/fake-ghl.ts'
import { createFakeProxy, FAKE_ORIGIN } from '../../../test/support/fake-proxy.ts'

const STRANGER = 'https://www.elsewhere.test'
const SLOTS = `${routes.slots('acme', FAKE.calendarId)}?from=2026-03-09&to=2026-03-15&timeZone=Europe/Berlin`

function setup() {
  const { proxy, ghl } = createFakeProxy({
    clock: () => Date.parse('2026-03-02T17:00:20Z'),
    site: { rateLimit: { visitor: { limit: 1, windowSeconds: 60 } } },
    clientIp: (c) => c.req.header('x-test-ip'),
  })
  return { app: proxy.app, ghl }
}

/** Status, code and the CORS headers of an answer. */
async function corsOf(response: Response) {
  const body = (await response.json().catch(() => ({}))) as { error?: { code?: string } }
  return {
    status: response.status,
    code: body.error?.code,
    allowOrigin: response.headers.get('access-control-allow-origin'),
    credentials: response.headers.get('access-control-allow-credentials'),
  }
}

test('errors of the site gate, the routes and unknown paths are readable from any page', async () => {
  const { app } = setup()
  const get = async (path: string, origin: string) =>
    corsOf(await app.request(path, { headers: { Origin: origin } }))
  const open = { allowOrigin: '*', credentials: null }
  assert.deepEqual(await get(SLOTS, STRANGER), { status: 403, code: 'origin_not_allowed', ...open })
  assert.deepEqual(await get(SLOTS.replace('/acme/', '/acne/'), STRANGER), {
    status: 404,
    code: 'unknown_site',
    ...open,
  })
  assert.deepEqual(await get(routes.calendar('acme', 'cal-typo'), STRANGER), {
    status: 403,
    code: 'origin_not_allowed',
    ...open,
  })
  assert.deepEqual(await get('/v1/nowhere', STRANGER), { status: 404, code: 'not_found', ...open })
  assert.deepEqual(await get('/widget.js', STRANGER), { status: 404, code: 'not_found', ...open })
  assert.deepEqual(await get('/widget/locales/xx.json', STRANGER), {
    status: 404,
    code: 'not_found',
    ...open,
  })
})

test("errors on the site's own origins keep that exact origin and Vary: Origin", async () => {
  const { app, ghl } = setup()
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await app.request(path, { headers: { Origin: FAKE_ORIGIN, ...headers } })
    // A JSON answer that is not an error may go out compressed: it varies on Accept-Encoding as well.
    assert.equal(response.headers.get('vary'), response.ok ? 'Origin, Accept-Encoding' : 'Origin', path)
    return corsOf(response)
  }
  const own = { allowOrigin: FAKE_ORIGIN, credentials: null }
  // First, while nothing is cached: GHL failing gives a 5xx.
  ghl.respond(() => Response.json({ message: 'down' }, { status: 500 }))
  assert.deepEqual(await get(routes.calendar('acme', FAKE.calendarId)), {
    status: 502,
    code: 'upstream_unavailable',
    ...own,
  })
  ghl.respond(() => undefined)
  assert.deepEqual(await get(routes.calendar('acme', 'cal-typo')), {
    status: 404,
    code: 'unknown_calendar',
    ...own,
  })
  assert.deepEqual(await get(`${routes.slots('acme', FAKE.calendarId)}?from=x`), {
    status: 400,
    code: 'invalid_request',
    ...own,
  })
  await get(SLOTS, { 'x-test-ip': '10.0.0.1' })
  assert.deepEqual(await get(SLOTS, { 'x-test-ip': '10.0.0.1' }), {
    status: 429,
    code: 'rate_limited',
    ...own,
  })
})

test('errors of requests without Origin (servers, tools) are open too: 400s, 404s and 5xx', async () => {
  const { app, ghl } = setup()
  const get = async (path: string) => corsOf(await app.request(path))
  const open = { allowOrigin: '*', credentials: null }
  assert.deepEqual(await get(`${routes.slots('acme', FAKE.calendarId)}?from=x`), {
    status: 400,
    code: 'invalid_request',
    ...open,
  })
  assert.deepEqual(await get(routes.calendar('acme', 'cal-typo')), {
    status: 404,
    code: 'unknown_calendar',
    ...open,
  })
  ghl.respond(() => Response.json({ message: 'down' }, { status: 500 }))
  assert.deepEqual(await get(routes.calendar('acme', FAKE.calendarId)), {
    status: 502,
    code: 'upstream_unavailable',
    ...open,
  })
  // A success without Origin stays as it was: no CORS header at all.
  ghl.respond(() => undefined)
  assert.equal(
    (await app.request(routes.calendar('acme', FAKE.calendarId))).headers.get('access-control-allow-origin'),
    null,
  )
})
