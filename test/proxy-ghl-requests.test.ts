// What the proxy's requests to GHL carry, seen from the sandbox: the Version the spec enumerates for each
// resource (a wrong one is refused there) and the proxy's own User-Agent.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SANDBOX } from '../demo/sandbox/index.ts'
import { GHL_VERSIONS, resourceOf } from '../demo/sandbox/versions.ts'
import { USER_AGENT } from '../proxy/src/ghl/client.ts'
import { proxyOnSandbox, visitor } from './support/proxy-on-sandbox.ts'

// A Monday noon in New York.
const NOW = Date.parse('2026-03-02T17:00:00Z')
const CAL = SANDBOX.calendars.consultation

test('every GHL route the proxy calls gets the spec’s Version and the ghl-booking User-Agent', async () => {
  const { sandbox, calendar, slots, book } = proxyOnSandbox({ now: NOW })
  assert.equal((await calendar(CAL)).status, 200)
  const day = await slots(CAL, '2026-03-03', '2026-03-03', 'Europe/Berlin')
  assert.equal(day.status, 200)
  const [slot] = day.body.slots
  assert.equal((await book(visitor(1, CAL, slot.start, 'Europe/Berlin'), 'first-key-1')).status, 201)
  // The same time again under another key: no longer free, refused before anything reaches GHL.
  const again = await book(visitor(2, CAL, slot.start, 'Europe/Berlin'), 'second-key-1')
  assert.equal(again.status, 409)
  // A round robin: the proxy asks for a member's free slots before it assigns the booking.
  const team = SANDBOX.calendars.team
  assert.equal(
    (await book(visitor(2, team, '2026-03-03T09:00:00-05:00', 'Europe/Berlin'), 'team-key-1')).status,
    201,
  )

  const requests = sandbox.requests()
  const called = new Set(
    requests.map((r) => `${r.method} ${r.path.replace(/\/(ctc|cal|loc|usr)-[\w-]+/g, '/{id}')}`),
  )
  for (const route of [
    'GET /locations/{id}',
    'GET /calendars/{id}',
    'GET /calendars/{id}/free-slots',
    'POST /contacts/upsert',
    'POST /contacts/{id}/tags',
    'POST /calendars/events/appointments',
    'GET /contacts/{id}/appointments',
    'GET /users/{id}',
  ]) {
    assert.ok(called.has(route), `the proxy called ${route} (it called ${[...called].join(', ')})`)
  }
  for (const request of requests) {
    const expected = GHL_VERSIONS[resourceOf(request.path)!]
    assert.equal(request.version, expected, `${request.method} ${request.path}`)
    assert.equal(request.userAgent, USER_AGENT, `${request.method} ${request.path}`)
    // None is a refusal of the headers.
    assert.ok(request.status < 400, `${request.method} ${request.path} answered ${request.status}`)
  }
})
