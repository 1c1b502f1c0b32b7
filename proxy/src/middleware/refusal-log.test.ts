// The proxy logs each refused origin, site and calendar once a minute, naming it, through the injected logger and
// clock; however many distinct values visitors send, what it remembers stays bounded.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { routes } from '../../../contract/schemas.ts'
import type { LogEntry } from '../logger.ts'
import { createRefusalLog } from './refusal-log.ts'
import { calendarNotListed, originNotAllowed, unknownSite } from '../refusals.ts'
import { FAKE } from '../../../test/support/fake-ghl.ts'
import { createFakeProxy, FAKE_ORIGIN } from '../../../test/support/fake-proxy.ts'

const START = Date.parse('2026-03-02T17:00:00Z')

function setup() {
  let now = START
  const lines: LogEntry[] = []
  const { proxy } = createFakeProxy({ clock: () => now, log: (entry) => lines.push(entry) })
  const get = (path: string, origin = FAKE_ORIGIN) => proxy.app.request(path, { headers: { Origin: origin } })
  return {
    get,
    refused: () => lines.filter((line) => line.msg === 'refused'),
    advance: (ms: number) => void (now += ms),
  }
}

test('a refused origin is logged once a minute, naming the origin and the site, not once per request', async () => {
  const { get, refused, advance } = setup()
  const path = routes.calendar('acme', FAKE.calendarId)
  for (let i = 0; i < 5; i++) assert.equal((await get(path, 'https://shop.acme.test')).status, 403)
  assert.equal(refused().length, 1)
  const [line] = refused()
  assert.equal(line!.level, 'warn')
  assert.equal(line!.code, 'origin_not_allowed')
  assert.equal(line!.site, 'acme')
  assert.equal(line!.origin, 'https://shop.acme.test')
  assert.match(String(line!.fix), /add "https:\/\/shop\.acme\.test" to that site's "origins"/)
  assert.equal(typeof line!.requestId, 'string')

  advance(59_999)
  await get(path, 'https://shop.acme.test')
  assert.equal(refused().length, 1, 'still within the minute')
  // Another origin is its own value.
  await get(path, 'https://blog.acme.test')
  assert.equal(refused().length, 2)
  advance(2)
  await get(path, 'https://shop.acme.test')
  assert.equal(refused().length, 3, 'over a minute after its line, the origin is logged again')
  assert.equal(refused()[2]!.origin, 'https://shop.acme.test')
})

test('unknown sites and unlisted calendars are logged once a minute per value too', async () => {
  const { get, refused, advance } = setup()
  for (let i = 0; i < 3; i++) {
    await get(routes.calendar('acne', FAKE.calendarId))
    await get(routes.calendar('acme', 'cal-typo'))
    await get(`${routes.slots('acme', 'cal-typo')}?from=2026-03-09&to=2026-03-15&timeZone=UTC`)
  }
  assert.deepEqual(
    refused().map(({ code, site, calendar }) => ({ code, site, calendar })),
    [
      { code: 'unknown_site', site: 'acne', calendar: undefined },
      { code: 'unknown_calendar', site: 'acme', calendar: 'cal-typo' },
    ],
  )
  advance(60_001)
  await get(routes.calendar('acne', FAKE.calendarId))
  assert.equal(refused().length, 3)
})

test('memory is bounded: past maxValues the least recent value is forgotten, and values are cut', () => {
  const lines: LogEntry[] = []
  const logRefusal = createRefusalLog({ log: (entry) => lines.push(entry), clock: () => START, maxValues: 3 })
  for (const site of ['a', 'b', 'c', 'd']) logRefusal(unknownSite(site))
  assert.equal(lines.length, 4)
  // 'a' was pushed out by 'd', so it is logged again at once; 'd' is still remembered.
  logRefusal(unknownSite('a'))
  logRefusal(unknownSite('d'))
  assert.equal(lines.length, 5)
  // A visitor's long values are cut before they are logged or remembered.
  logRefusal(originNotAllowed('acme', `https://${'x'.repeat(10_000)}.test`))
  logRefusal(calendarNotListed('acme', 'c'.repeat(10_000)))
  assert.equal(lines.length, 7)
  for (const line of lines.slice(5)) {
    assert.ok(JSON.stringify(line).length < 1_000, 'a bounded line')
  }
})

test('a refusal line never holds the GHL token', async () => {
  const lines: LogEntry[] = []
  const { proxy } = createFakeProxy({ clock: () => START, log: (entry) => lines.push(entry) })
  await proxy.app.request(routes.calendar('acme', 'cal-typo'), { headers: { Origin: 'https://x.test' } })
  await proxy.app.request(routes.calendar('acme', 'cal-typo'), { headers: { Origin: FAKE_ORIGIN } })
  assert.equal(lines.filter((line) => line.msg === 'refused').length, 2)
  assert.ok(!JSON.stringify(lines).includes(FAKE.token))
})
