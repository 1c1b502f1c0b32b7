// The builder's API under /admin/: off without a token, 401 without the right one (never echoing a token), the
// sites with GHL's names, and the live check that asks the read routes as a page on a given origin would.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { LogEntry } from '../logger.ts'
import { FAKE } from '../../../test/support/fake-ghl.ts'
import { createFakeProxy, FAKE_ORIGIN } from '../../../test/support/fake-proxy.ts'

const TOKEN = 'admin-0123456789abcdef-secret'
const PAGE = { body: '<!doctype html><title>Builder</title>', etag: '"page"' }

function setup(admin: boolean | { assets?: undefined } = true) {
  const lines: LogEntry[] = []
  const { proxy, ghl } = createFakeProxy({
    clock: () => Date.parse('2026-03-02T17:00:20Z'),
    log: (entry) => lines.push(entry),
    site: { calendars: [FAKE.calendarId, FAKE.otherCalendarId] },
    ...(admin && {
      admin: { token: TOKEN, ...(admin === true && { assets: { 'index.html': PAGE, 'builder.js': PAGE } }) },
    }),
  })
  // The second calendar is listed but GHL does not know it.
  ghl.respond((call) =>
    call.path === `/calendars/${FAKE.otherCalendarId}`
      ? Response.json({ statusCode: 400, message: 'Calendar not found' }, { status: 400 })
      : undefined,
  )
  const seen: string[] = []
  const get = async (path: string, token?: string | null, headers: Record<string, string> = {}) => {
    const authorization = token === undefined ? `Bearer ${TOKEN}` : token === null ? undefined : token
    const response = await proxy.app.request(path, {
      headers: { ...headers, ...(authorization && { Authorization: authorization }) },
    })
    const text = await response.text()
    seen.push(text, JSON.stringify([...response.headers]))
    return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) }
  }
  return { get, lines, seen }
}

test('without an admin token the builder and its API do not exist', async () => {
  const { get } = setup(false)
  for (const path of ['/admin', '/admin/', '/admin/builder.js', '/admin/api/sites', '/admin/api/check']) {
    const response = await get(path)
    assert.equal(response.status, 404, path)
    assert.equal(response.json().error.code, 'not_found')
  }
})

test('the API answers 401 without the token or with another one, and never shows a token', async () => {
  const { get, seen, lines } = setup()
  const noToken = await get('/admin/api/sites', null)
  assert.equal(noToken.status, 401)
  assert.equal(noToken.json().error.code, 'invalid_request')
  assert.match(noToken.json().error.message, /ADMIN_TOKEN/)
  assert.match(noToken.headers.get('www-authenticate') ?? '', /^Bearer/)
  const wrong = await get('/admin/api/sites', 'Bearer admin-0123456789abcdef-guess')
  assert.equal(wrong.status, 401)
  assert.match(wrong.json().error.message, /not the admin token/)
  assert.equal((await get('/admin/api/check?site=acme', 'Bearer ' + TOKEN.slice(0, -1))).status, 401)
  assert.equal((await get('/admin/api/sites', 'Basic abc')).status, 400)
  assert.equal((await get('/admin/api/sites')).status, 200)
  for (const text of [...seen, ...lines.map((line) => JSON.stringify(line))]) {
    assert.ok(!text.includes(TOKEN) && !text.includes('admin-0123456789abcdef-guess'), text)
    assert.ok(!text.includes(FAKE.token), text)
  }
})

test('the sites with their origins and GHL names; a calendar GHL does not know says so', async () => {
  const { get } = setup()
  const response = await get('/admin/api/sites')
  assert.equal(response.headers.get('cache-control'), 'no-store')
  const [site, ...others] = response.json().sites
  assert.equal(others.length, 0)
  assert.deepEqual(
    { id: site.id, locationId: site.locationId, origins: site.origins },
    { id: 'acme', locationId: FAKE.locationId, origins: [FAKE_ORIGIN] },
  )
  assert.deepEqual(site.calendars[0], {
    id: FAKE.calendarId,
    name: 'Consultation',
    durationMinutes: 30,
    timeZone: FAKE.timeZone,
  })
  assert.equal(site.calendars[1].id, FAKE.otherCalendarId)
  assert.equal(site.calendars[1].problem.code, 'unknown_calendar')
  assert.match(site.calendars[1].problem.message, /GHL does not know the calendar "cal-2"/)
})

test('the check: what a page on an allowed origin and on another one would get', async () => {
  const { get } = setup()
  const check = async (origin: string, calendar: string = FAKE.calendarId) => {
    const query = new URLSearchParams({ site: 'acme', calendar, origin })
    const response = await get(`/admin/api/check?${query}`)
    assert.equal(response.status, 200)
    return response.json()
  }
  const allowed = await check(FAKE_ORIGIN)
  assert.deepEqual(allowed.calendar, {
    status: 200,
    readable: true,
    name: 'Consultation',
    timeZone: FAKE.timeZone,
  })
  // Monday 2 March 2026, noon in New York: two weeks of 09:00-12:00 every day, six half hours a day.
  assert.deepEqual(allowed.slots, {
    status: 200,
    readable: true,
    from: '2026-03-02',
    to: '2026-03-15',
    count: 78,
  })

  const elsewhere = await check('https://shop.acme.test')
  assert.equal(elsewhere.calendar.status, 403)
  assert.equal(elsewhere.calendar.readable, true)
  assert.equal(elsewhere.calendar.code, 'origin_not_allowed')
  assert.match(elsewhere.calendar.message, /add "https:\/\/shop\.acme\.test" to that site's "origins"/)
  assert.equal(elsewhere.slots.code, 'origin_not_allowed')

  const unknown = await check(FAKE_ORIGIN, FAKE.otherCalendarId)
  assert.equal(unknown.calendar.code, 'unknown_calendar')

  const bad = await get('/admin/api/check?site=acme&calendar=cal-1&origin=https://x.test/page')
  assert.equal(bad.status, 400)
  assert.deepEqual(
    bad.json().error.issues.map((issue: { path: string }) => issue.path),
    ['origin'],
  )
})

test('the builder page and its files, with or without a token; a clear 404 when they are missing', async () => {
  const { get } = setup()
  const redirect = await get('/admin', null)
  assert.equal(redirect.status, 308)
  assert.equal(redirect.headers.get('location'), '/admin/')
  const page = await get('/admin/', null)
  assert.equal(page.status, 200)
  assert.match(page.headers.get('content-type') ?? '', /^text\/html/)
  assert.equal(page.text, PAGE.body)
  assert.match((await get('/admin/builder.js', null)).headers.get('content-type') ?? '', /^text\/javascript/)
  assert.equal((await get('/admin/nope.js', null)).status, 404)
  const missing = await setup({}).get('/admin/', null)
  assert.equal(missing.status, 404)
  assert.match(missing.json().error.message, /builder files are missing/)
})
