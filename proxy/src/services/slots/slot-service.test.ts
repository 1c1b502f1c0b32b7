// The slot service's memory: windows and remembered answers stay within their byte bounds whatever the queries,
// and what they count is at least what their slots and bodies take; one invalidate drops both.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import * as v from 'valibot'
import { createCalendarService } from '../calendars/calendar-service.ts'
import { createGhlClient } from '../../ghl/client.ts'
import { Site } from '../../config/sites.ts'
import { createFakeGhl, FAKE } from '../../../../test/support/fake-ghl.ts'
import { addDays } from '../../time/zoned.ts'
import { createSlotService, type SlotServiceOptions } from './slot-service.ts'

function setup(options: Partial<SlotServiceOptions> = {}) {
  const clock = () => FAKE.now
  const fake = createFakeGhl({ clock })
  const ghl = createGhlClient({ baseUrl: FAKE.baseUrl, tokenFor: () => FAKE.token, fetch: fake.fetch, clock })
  const calendars = createCalendarService({ ghl, clock })
  const site = v.parse(Site, {
    id: 'acme',
    locationId: FAKE.locationId,
    calendars: [FAKE.calendarId, FAKE.otherCalendarId],
    origins: [],
  })
  return { site, fake, slots: createSlotService({ ghl, calendars, clock, ...options }) }
}

const ZONES = Intl.supportedValuesOf('timeZone')

/** The `i`-th of many distinct queries: every listed zone, ranges of four to six weeks over the next months. */
const query = (i: number) => {
  const from = addDays('2026-03-03', Math.floor(i / ZONES.length) % 60)
  return { from, to: addDays(from, 27 + (i % 15)), timeZone: ZONES[i % ZONES.length]! }
}

test('answers: a flood of distinct queries stays within maxAnswerBytes, and repeated ones are still held', async () => {
  const maxAnswerBytes = 256 * 1024
  const { site, slots } = setup({ maxAnswerBytes })
  let largest = 0
  for (let i = 0; i < 3_000; i++) {
    const reply = await slots.reply(site, FAKE.calendarId, query(i))
    assert.ok(reply.body.json.includes('"slots":[{'))
    largest = Math.max(largest, slots.bytes.answers)
  }
  assert.ok(largest <= maxAnswerBytes, `${largest} > ${maxAnswerBytes}`)
  // It filled up: the bound is what holds it, not a lack of answers.
  assert.ok(largest > maxAnswerBytes / 2, String(largest))
  // The last query is still remembered: the same reply object, without waiting.
  const last = await slots.reply(site, FAKE.calendarId, query(2_999))
  assert.equal(slots.peek!(site, FAKE.calendarId, query(2_999)), last)
  assert.equal(await slots.reply(site, FAKE.calendarId, query(2_999)), last)
})

test('an answer counts its body at two bytes a character, and so at least two per character of its slots', async () => {
  const { site, slots } = setup()
  const result = await slots.get(site, FAKE.calendarId, query(0))
  const { body } = await slots.reply(site, FAKE.calendarId, query(0))
  assert.ok(slots.bytes.answers >= 2 * body.json.length)
  assert.ok(body.json.length > JSON.stringify(result.slots).length)
})

test('invalidate drops the calendar’s answers with its windows; another calendar’s stay', async () => {
  const { site, slots, fake } = setup()
  const own = await slots.reply(site, FAKE.calendarId, query(0))
  const other = await slots.reply(site, FAKE.otherCalendarId, query(0))
  const bytes = slots.bytes.answers
  slots.invalidate(FAKE.calendarId)
  assert.ok(slots.bytes.answers < bytes && slots.bytes.answers > 0, String(slots.bytes.answers))
  assert.equal(slots.peek!(site, FAKE.calendarId, query(0)), undefined)
  assert.equal(slots.peek!(site, FAKE.otherCalendarId, query(0)), other)
  const calls = fake.callsTo(/free-slots$/).length
  const again = await slots.reply(site, FAKE.calendarId, query(0))
  assert.notEqual(again, own)
  assert.deepEqual(again.body, own.body)
  assert.ok(fake.callsTo(/free-slots$/).length > calls)
})

test('windows: every calendar and month within the range bounds stays within maxBytes', async () => {
  const maxBytes = 64 * 1024
  const { site, slots, fake } = setup({ maxBytes })
  for (const calendarId of [FAKE.calendarId, FAKE.otherCalendarId])
    for (let month = 0; month < 13; month++) {
      const from = addDays('2026-03-03', month * 30)
      await slots.get(site, calendarId, { from, to: addDays(from, 27), timeZone: 'UTC' })
      assert.ok(slots.bytes.windows <= maxBytes, `${slots.bytes.windows} > ${maxBytes}`)
    }
  assert.ok(slots.bytes.windows > maxBytes / 2, String(slots.bytes.windows))
  // Evicted windows are asked for again: the bound costs GHL calls, never memory.
  const calls = fake.callsTo(/free-slots$/).length
  await slots.get(site, FAKE.calendarId, { from: '2026-03-03', to: '2026-03-04', timeZone: 'UTC' })
  assert.equal(fake.callsTo(/free-slots$/).length, calls + 1)
})

test('a 31-day span, as the slot_taken search asks for, is answered in full', async () => {
  const { site, slots } = setup()
  const result = await slots.get(site, FAKE.calendarId, {
    from: '2026-03-03',
    to: addDays('2026-03-03', 30),
    timeZone: FAKE.timeZone,
  })
  const days = new Set(result.slots.map((slot) => slot.start.slice(0, 10)))
  assert.equal(days.size, 31)
})
