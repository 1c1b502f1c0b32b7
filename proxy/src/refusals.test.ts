// A misconfiguration's answer names the refused value and the fix, so the site owner reading the widget's
// console line knows what to change; it quotes only what the request sent, cut short, and never the token.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { routes } from '../../contract/schemas.ts'
import { FAKE } from '../../test/support/fake-ghl.ts'
import { createFakeProxy, FAKE_ORIGIN } from '../../test/support/fake-proxy.ts'

const STRANGER = 'https://shop.acme.test'

function setup() {
  const { proxy, ghl } = createFakeProxy({
    clock: () => Date.parse('2026-03-02T17:00:20Z'),
    site: { calendars: [FAKE.calendarId, FAKE.otherCalendarId] },
  })
  return { app: proxy.app, ghl }
}

/** Status and error body of a GET with the given Origin. */
async function errorOf(app: ReturnType<typeof setup>['app'], path: string, origin = FAKE_ORIGIN) {
  const response = await app.request(path, { headers: { Origin: origin } })
  const { error } = (await response.json()) as { error: { code: string; message: string } }
  assert.ok(!error.message.includes(FAKE.token), error.message)
  return { status: response.status, code: error.code, message: error.message }
}

test('an origin the site does not list: which origin to add to which site', async () => {
  const { app } = setup()
  assert.deepEqual(await errorOf(app, routes.calendar('acme', FAKE.calendarId), STRANGER), {
    status: 403,
    code: 'origin_not_allowed',
    message: `The page origin ${STRANGER} is not allowed for site "acme": add "${STRANGER}" to that site's "origins" in the sites file, then restart the proxy.`,
  })
})

test('an unknown site id: which id, and where ids come from; a long id is cut', async () => {
  const { app } = setup()
  const { status, code, message } = await errorOf(app, routes.calendar('acne', FAKE.calendarId), STRANGER)
  assert.deepEqual([status, code], [404, 'unknown_site'])
  assert.equal(
    message,
    `There is no site "acne" in the proxy's sites file: data-site must be the "id" of a site there.`,
  )
  const long = await errorOf(app, routes.calendar('x'.repeat(5_000), FAKE.calendarId))
  assert.ok(long.message.includes(`"${'x'.repeat(200)}…"`), long.message)
  assert.ok(long.message.length < 400, long.message)
})

test('a calendar the site does not list: which id, and the site whose calendars to change', async () => {
  const { app, ghl } = setup()
  for (const path of [
    routes.calendar('acme', 'cal-typo'),
    `${routes.slots('acme', 'cal-typo')}?from=2026-03-09&to=2026-03-15&timeZone=UTC`,
  ]) {
    assert.deepEqual(await errorOf(app, path), {
      status: 404,
      code: 'unknown_calendar',
      message: `Site "acme" does not list the calendar "cal-typo": check data-calendar, or add the id to that site's "calendars" in the sites file, then restart the proxy.`,
    })
  }
  assert.equal(ghl.calls.length, 0, 'GHL is not asked')
})

test('a listed calendar GHL does not know: unknown_calendar naming it, not a failing GHL', async () => {
  const { app, ghl } = setup()
  ghl.respond((call) =>
    call.path === `/calendars/${FAKE.otherCalendarId}`
      ? Response.json({ statusCode: 400, message: 'Calendar not found' }, { status: 400 })
      : undefined,
  )
  const expected = {
    status: 404,
    code: 'unknown_calendar',
    message: `GHL does not know the calendar "${FAKE.otherCalendarId}" of site "acme" (GHL answered 400): compare the id with the calendar's settings in GHL and fix it in that site's "calendars", then restart the proxy.`,
  }
  assert.deepEqual(await errorOf(app, routes.calendar('acme', FAKE.otherCalendarId)), expected)
  const slots = `${routes.slots('acme', FAKE.otherCalendarId)}?from=2026-03-09&to=2026-03-15&timeZone=UTC`
  assert.deepEqual(await errorOf(app, slots), expected)
  // The other calendar of the site still works.
  assert.equal((await app.request(routes.calendar('acme', FAKE.calendarId))).status, 200)
})

test("a listed calendar of another GHL location: the site's locationId to check", async () => {
  const { app, ghl } = setup()
  ghl.respond((call) =>
    call.path === `/calendars/${FAKE.otherCalendarId}`
      ? Response.json({ calendar: { id: FAKE.otherCalendarId, locationId: 'loc-other', name: 'Theirs' } })
      : undefined,
  )
  const { status, code, message } = await errorOf(app, routes.calendar('acme', FAKE.otherCalendarId))
  assert.deepEqual([status, code], [404, 'unknown_calendar'])
  assert.match(message, /belongs to another GHL location than the site's "locationId"/)
  assert.ok(!message.includes('loc-other') && !message.includes('Theirs'), 'nothing of the other location')
})

test("GHL refusing the token or the location: where to look, without GHL's words or the token", async () => {
  const { app, ghl } = setup()
  for (const [status, hint] of [
    [401, /environment variable the site's "tokenEnv" names/],
    [403, /check the site's "locationId"/],
  ] as const) {
    ghl.respond(() => Response.json({ statusCode: status, message: 'GHL internal words' }, { status }))
    const error = await errorOf(app, routes.calendar('acme', FAKE.calendarId))
    assert.deepEqual([error.status, error.code], [502, 'upstream_rejected'])
    assert.match(error.message, hint)
    assert.ok(!error.message.includes('GHL internal words'))
  }
})
