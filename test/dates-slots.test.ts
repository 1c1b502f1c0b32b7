/**
 * Free slots at the pinned instant, in each visitor zone: what the sandbox offers (the grid, the notice, the
 * horizon, the date keys), and what the proxy answers when a widget reads month after month. `npm run test:dates`
 * replays this file at month ends, daylight-saving changes, midnights and a leap day.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import * as v from 'valibot'
import { createClock, createSandbox, SANDBOX } from '../demo/sandbox/index.ts'
import { callSandbox } from '../demo/sandbox/testing.ts'
import { routes, SlotsResponse, type Slot } from '../contract/schemas.ts'
import { buildProxy } from '../proxy/src/proxy.ts'
import { Site } from '../proxy/src/config/sites.ts'
import { addDays, localDate, startOfLocalDate } from '../proxy/src/time/zoned.ts'
import { TEST_INSTANTS } from './support/dates.ts'

const DAY = 86_400_000
/** The month after `month` (`YYYY-MM`): four days past its 28th is always in the next one. */
const nextMonth = (month: string) => addDays(`${month}-28`, 4).slice(0, 7)
const ORIGIN = 'https://www.acme.test'
/** The seeded calendars: 30 min from now on, and 60 min with 24 hours' notice; both Mon-Fri, 60 days ahead. */
const CALENDARS = [
  { id: SANDBOX.calendars.consultation, minutes: 30, noticeMs: 0 },
  { id: SANDBOX.calendars.session, minutes: 60, noticeMs: DAY },
]

/** The sandbox and the proxy in front of it, on one clock standing still at the pinned instant. */
function stack(now: number) {
  const clock = createClock({ start: now, frozen: true })
  const sandbox = createSandbox({ clock })
  const site = v.parse(Site, {
    id: 'acme',
    locationId: SANDBOX.locationId,
    calendars: CALENDARS.map((c) => c.id),
    origins: [ORIGIN],
  })
  const proxy = buildProxy({
    sites: [site],
    tokenFor: () => SANDBOX.token,
    ghlApiBase: 'https://ghl.test',
    fetch: (input, init) => sandbox.fetch(new Request(input, init)),
    clock: clock.now,
    sleep: async () => {},
  })
  return { sandbox, proxy }
}

/** Every free start the sandbox offers for a calendar from the pinned instant on, as GHL writes them. */
async function sandboxStarts(sandbox: ReturnType<typeof stack>['sandbox'], calendarId: string, zone: string) {
  const now = sandbox.clock.now()
  const starts: string[] = []
  for (let from = now - DAY; from < now + 64 * DAY; from += 31 * DAY) {
    const query = `startDate=${from}&endDate=${from + 31 * DAY - 1}&timezone=${encodeURIComponent(zone)}`
    const { status, body } = await callSandbox(sandbox, `/calendars/${calendarId}/free-slots?${query}`)
    assert.equal(status, 200, JSON.stringify(body))
    for (const [key, day] of Object.entries(body as Record<string, { slots: string[] }>)) {
      if (key === 'traceId') continue
      for (const start of day.slots) {
        assert.equal(localDate(Date.parse(start), zone), key, `${start} is filed under ${key} in ${zone}`)
        starts.push(start)
      }
    }
  }
  return starts
}

for (const { iso, now, zones } of TEST_INSTANTS) {
  describe(`free slots at ${iso}`, () => {
    for (const zone of zones) {
      describe(`asked in ${zone}`, () => {
        for (const calendar of CALENDARS) {
          it(`the sandbox offers ${calendar.id} on its grid, from its notice to its horizon`, async () => {
            const { sandbox } = stack(now)
            const starts = await sandboxStarts(sandbox, calendar.id, zone)
            assert.ok(starts.length > 0, 'some free slots within 60 days')
            const customHours = new Map(
              sandbox
                .state()
                .calendars.get(calendar.id)!
                .availabilities.map((a) => {
                  const [hours] = a.hours
                  return [a.date.slice(0, 10), [hours!.openHour * 60, hours!.closeHour * 60]] as const
                }),
            )
            const today = localDate(now, SANDBOX.timeZone)
            for (const start of starts) {
              const at = Date.parse(start)
              assert.ok(at >= now + calendar.noticeMs, `${start} respects the notice`)
              // Opening hours are wall times of the location: Mon-Fri 9-17 on the half hour, or a custom date's.
              const local = localDate(at, SANDBOX.timeZone)
              const minutes = Math.round((at - startOfLocalDate(local, SANDBOX.timeZone)) / 60_000)
              const custom = customHours.get(local)
              const [open, close] = custom ?? [9 * 60, 17 * 60]
              const weekday = new Date(`${local}T00:00:00Z`).getUTCDay()
              assert.ok(custom || (weekday >= 1 && weekday <= 5), `${start} is on a weekday in New York`)
              assert.equal(minutes % 30, 0, `${start} is on the half-hour grid`)
              assert.ok(
                minutes >= open && minutes + calendar.minutes <= close,
                `${start} is in opening hours`,
              )
              assert.ok(local <= addDays(today, 60), `${start} is within the 60-day horizon`)
            }
            assert.equal(new Set(starts).size, starts.length, 'no slot twice across the ranges asked')
          })

          it(`the proxy answers ${calendar.id} month by month with exactly the sandbox's slots`, async () => {
            const { sandbox, proxy } = stack(now)
            const today = localDate(now, zone)
            const info = await proxy.app.request(routes.calendar('acme', calendar.id), {
              headers: { Origin: ORIGIN },
            })
            const last = addDays(
              today,
              ((await info.json()) as { bookingWindow: { maxDaysAhead: number } }).bookingWindow.maxDaysAhead,
            )
            // The widget's reads: each month from its first day (or today) to its last (or the window's end).
            const answered: Slot[] = []
            for (let month = today.slice(0, 7); `${month}-01` <= last; month = nextMonth(month)) {
              const from = `${month}-01` < today ? today : `${month}-01`
              const monthEnd = addDays(`${nextMonth(month)}-01`, -1)
              const to = monthEnd > last ? last : monthEnd
              const response = await proxy.app.request(
                `${routes.slots('acme', calendar.id)}?from=${from}&to=${to}&timeZone=${encodeURIComponent(zone)}`,
                { headers: { Origin: ORIGIN } },
              )
              assert.equal(response.status, 200, await response.clone().text())
              const body = v.parse(SlotsResponse, await response.json())
              for (const slot of body.slots) {
                const day = localDate(Date.parse(slot.start), zone)
                assert.ok(
                  day >= from && day <= to,
                  `${slot.start} (${day} in ${zone}) is within ${from}..${to}`,
                )
                assert.equal(Date.parse(slot.end) - Date.parse(slot.start), calendar.minutes * 60_000)
                assert.equal(slot.end.slice(-6), slot.start.slice(-6), 'the end keeps the start offset')
              }
              answered.push(...body.slots)
            }
            const expected = (await sandboxStarts(sandbox, calendar.id, SANDBOX.timeZone)).filter((start) => {
              const day = localDate(Date.parse(start), zone)
              return day >= today && day <= last
            })
            assert.deepEqual(
              answered.map((slot) => slot.start),
              expected.sort((a, b) => Date.parse(a) - Date.parse(b)),
              'every free slot exactly once, in order, as GHL wrote it',
            )
          })
        }
      })
    }
  })
}
