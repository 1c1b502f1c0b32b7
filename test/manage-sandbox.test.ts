// Visitors manage their own booking through its signed link, against the GHL sandbox through the whole proxy: the
// token on the booking answer, the booking as GHL holds it, moves and cancellations with the calendar's and the
// site's rules, and a token that is refused, before any GHL call, whenever it is not this site's and current.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { manageRoutes } from '../contract/manage.ts'
import type { Slot } from '../contract/schemas.ts'
import { SANDBOX } from '../demo/sandbox/index.ts'
import { createManageTokens } from '../proxy/src/services/manage/token.ts'
import type { SiteInput } from '../proxy/src/config/sites.ts'
import { TEST_NOW, TEST_ZONES } from './support/dates.ts'
import { ORIGIN, proxyOnSandbox, visitor } from './support/proxy-on-sandbox.ts'
import type { ProxyOptions } from '../proxy/src/proxy.ts'

const SECRET = 'manage-secret-for-the-tests-0123456789abcdef'
const MANAGE_URL = `${ORIGIN}/booking?from=mail`
const ZONE = TEST_ZONES[0]!
const { consultation, session } = SANDBOX.calendars
const HOUR = 3_600_000

function setup(options: { site?: Partial<SiteInput>; proxy?: Partial<ProxyOptions> } = {}) {
  const env = proxyOnSandbox({
    now: TEST_NOW,
    site: { manageUrl: MANAGE_URL, ...options.site },
    proxy: { manage: { secret: SECRET }, ...options.proxy },
  })
  const call = async (path: string, init: { method?: string; body?: unknown; key?: string } = {}) => {
    const headers: Record<string, string> = { origin: ORIGIN }
    if (init.key) headers['idempotency-key'] = init.key
    if (init.body !== undefined) headers['content-type'] = 'application/json'
    const response = await env.proxy.app.request(path, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    })
    return { status: response.status, headers: response.headers, body: await response.json() }
  }
  const site = env.site.id
  /** The first free slots from tomorrow on, in the proxy's own answer. */
  const freeSlots = async (calendarId: string = consultation): Promise<Slot[]> => {
    const from = new Date(TEST_NOW + 24 * HOUR).toISOString().slice(0, 10)
    const to = new Date(TEST_NOW + 20 * 24 * HOUR).toISOString().slice(0, 10)
    const answer = await env.slots(calendarId, from, to, ZONE)
    assert.equal(answer.status, 200)
    return answer.body.slots
  }
  const isFree = async (start: string, calendarId: string = consultation) =>
    (await freeSlots(calendarId)).some((slot) => slot.start === start)
  const bookAt = async (n: number, start: string, calendarId: string = consultation) => {
    const answer = await env.book(visitor(n, calendarId, start, ZONE), `booking-key-${n}`)
    assert.equal(answer.status, 201, JSON.stringify(answer.body))
    return answer.body
  }
  return {
    ...env,
    freeSlots,
    isFree,
    bookAt,
    view: (token: string) => call(manageRoutes.booking(site, token)),
    reschedule: (token: string, body: unknown, key: string) =>
      call(manageRoutes.reschedule(site, token), { method: 'POST', body, key }),
    cancel: (token: string, body: unknown, key: string) =>
      call(manageRoutes.cancel(site, token), { method: 'POST', body, key }),
    /** GHL requests so far. */
    ghlCalls: () => env.sandbox.requests().length,
    /** GHL writes to appointments so far (`PUT`). */
    puts: () => env.sandbox.requests().filter((r) => r.method === 'PUT').length,
    appointment: (id: string) => env.sandbox.appointments().find((a) => a.id === id)!,
  }
}

test('a booking answer carries its token and link; the link shows the booking as GHL holds it', async () => {
  const { freeSlots, bookAt, view } = setup()
  const [slot] = await freeSlots()
  const booking = await bookAt(1, slot!.start)
  assert.match(booking.manageToken, /^[A-Za-z0-9_-]{30,}$/)
  const url = new URL(booking.manageUrl)
  assert.equal(url.origin + url.pathname, `${ORIGIN}/booking`)
  assert.equal(url.searchParams.get('from'), 'mail', "the page's own query is kept")
  assert.equal(url.searchParams.get('ghl-booking'), booking.manageToken)

  const shown = await view(booking.manageToken)
  assert.equal(shown.status, 200, JSON.stringify(shown.body))
  assert.equal(shown.headers.get('cache-control'), 'no-store')
  assert.deepEqual(
    {
      id: shown.body.id,
      calendarId: shown.body.calendarId,
      calendarName: shown.body.calendarName,
      status: shown.body.status,
      timeZone: shown.body.timeZone,
      canReschedule: shown.body.canReschedule,
      canCancel: shown.body.canCancel,
    },
    {
      id: booking.id,
      calendarId: consultation,
      calendarName: 'Free consultation',
      status: 'confirmed',
      timeZone: SANDBOX.timeZone,
      canReschedule: true,
      canCancel: true,
    },
  )
  assert.equal(Date.parse(shown.body.start), Date.parse(slot!.start))
  assert.equal(Date.parse(shown.body.end), Date.parse(booking.end))
  assert.equal(shown.body.title, booking.title)
  // No notice on this calendar: changes are possible until it starts.
  assert.equal(Date.parse(shown.body.changeDeadline), Date.parse(slot!.start))
  assert.equal(shown.body.manageToken, booking.manageToken)
})

test('without MANAGE_SECRET: bookings carry no token, and the link routes answer 404 naming it', async () => {
  const { freeSlots, bookAt, view, reschedule, ghlCalls } = setup({
    site: { manageUrl: undefined },
    proxy: { manage: undefined },
  })
  const [slot] = await freeSlots()
  const booking = await bookAt(1, slot!.start)
  assert.equal(booking.manageToken, undefined)
  assert.equal(booking.manageUrl, undefined)
  const before = ghlCalls()
  const token = await createManageTokens({ secret: SECRET }).issue('site', {
    appointmentId: booking.id,
    contactId: 'ctc-000001',
    expiresAt: TEST_NOW + 48 * HOUR,
  })
  for (const answer of [
    await view(token),
    await reschedule(token, { start: slot!.start, timeZone: ZONE }, 'k-0000001'),
  ]) {
    assert.equal(answer.status, 404)
    assert.equal(answer.body.error.code, 'not_found')
    assert.match(answer.body.error.message, /MANAGE_SECRET/)
  }
  assert.equal(ghlCalls(), before)
})

test('a token with any character changed, cut, of another site or expired is refused before any GHL call', async () => {
  const { freeSlots, bookAt, view, cancel, clock, ghlCalls, sandbox } = setup()
  const [slot] = await freeSlots()
  const booking = await bookAt(1, slot!.start)
  const token: string = booking.manageToken
  const before = ghlCalls()
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  for (let i = 0; i < token.length; i++) {
    const other = alphabet[(alphabet.indexOf(token[i]!) + 1 + (i % 63)) % 64]!
    const answer = await view(token.slice(0, i) + other + token.slice(i + 1))
    assert.equal(answer.status, 401, `character ${i}`)
    assert.equal(answer.body.error.code, 'link_invalid')
  }
  for (const bad of [
    token.slice(0, -1),
    `${token}x`,
    'not-a-token',
    `${token.slice(0, 20)}%2F${token.slice(20)}`,
  ]) {
    assert.equal((await view(bad)).body.error.code, 'link_invalid', bad)
  }
  const cancelled = await cancel(token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'), {}, 'cancel-key-1')
  assert.equal(cancelled.body.error.code, 'link_invalid')

  // The same appointment, signed with the same secret for another site.
  const claims = { appointmentId: booking.id, contactId: sandbox.appointments()[0]!.contactId }
  const elsewhere = await createManageTokens({ secret: SECRET }).issue('other-site', {
    ...claims,
    expiresAt: Date.parse(booking.end),
  })
  assert.equal((await view(elsewhere)).body.error.code, 'link_invalid')

  // The appointment's end: the link has expired.
  clock.set(Date.parse(booking.end))
  const expired = await view(token)
  assert.equal(expired.status, 410)
  assert.equal(expired.body.error.code, 'link_expired')
  assert.equal(ghlCalls(), before, 'GHL was never asked')
})

test('reschedule: GHL holds the new start exactly as offered; the old time is free again, a fresh token for the new end', async () => {
  const { freeSlots, bookAt, reschedule, view, isFree, puts, appointment } = setup()
  const [first, , target] = await freeSlots()
  const booking = await bookAt(1, first!.start)
  assert.equal(await isFree(first!.start), false)

  const moved = await reschedule(
    booking.manageToken,
    { start: target!.start, timeZone: ZONE },
    'move-key-0001',
  )
  assert.equal(moved.status, 200, JSON.stringify(moved.body))
  assert.equal(moved.body.start, target!.start)
  assert.equal(moved.body.end, target!.end)
  assert.equal(moved.body.id, booking.id)
  assert.notEqual(moved.body.manageToken, booking.manageToken, 'a token for the new end')
  assert.equal(new URL(moved.body.manageUrl).searchParams.get('ghl-booking'), moved.body.manageToken)
  assert.equal(Date.parse(appointment(booking.id).startTime), Date.parse(target!.start))
  const put = puts()
  assert.equal(put, 1)

  // The proxy's slots answer: the old time is offered again, the new one is not.
  assert.equal(await isFree(first!.start), true)
  assert.equal(await isFree(target!.start), false)

  // The same request again with its key: the same answer, no second write.
  const again = await reschedule(
    booking.manageToken,
    { start: target!.start, timeZone: ZONE },
    'move-key-0001',
  )
  assert.equal(again.headers.get('idempotent-replayed'), 'true')
  assert.deepEqual(again.body, moved.body)
  // The same key with another start is another change: refused.
  const reused = await reschedule(
    booking.manageToken,
    { start: first!.start, timeZone: ZONE },
    'move-key-0001',
  )
  assert.equal(reused.status, 422)
  // A new key to where it already is: nothing to write.
  const there = await reschedule(
    moved.body.manageToken,
    { start: target!.start, timeZone: ZONE },
    'move-key-0002',
  )
  assert.equal(there.status, 200)
  assert.equal(puts(), put)
  // The old link still works until its end and shows where the booking is now.
  assert.equal(Date.parse((await view(booking.manageToken)).body.start), Date.parse(target!.start))
})

test('two visitors move to one slot at once: one gets it, the other 409 slot_taken with alternatives and stays', async () => {
  const { freeSlots, bookAt, reschedule, appointment } = setup()
  const [a, b, , target] = await freeSlots()
  const ann = await bookAt(1, a!.start)
  const bob = await bookAt(2, b!.start)
  const results = await Promise.all([
    reschedule(ann.manageToken, { start: target!.start, timeZone: ZONE }, 'race-key-ann'),
    reschedule(bob.manageToken, { start: target!.start, timeZone: ZONE }, 'race-key-bob'),
  ])
  assert.deepEqual(results.map((r) => r.status).sort(), [200, 409])
  const lost = results.find((r) => r.status === 409)!
  assert.equal(lost.body.error.code, 'slot_taken')
  assert.ok(lost.body.error.slots.length > 0, 'alternatives are offered')
  assert.ok(!lost.body.error.slots.some((s: Slot) => s.start === target!.start))
  const starts = [ann, bob].map((x) => Date.parse(appointment(x.id).startTime)).sort()
  const won =
    results[0]!.status === 200
      ? [Date.parse(target!.start), Date.parse(b!.start)]
      : [Date.parse(a!.start), Date.parse(target!.start)]
  assert.deepEqual(starts, won.sort())
})

test('a move to a time that is not free is refused without writing; so is one off the grid', async () => {
  const { freeSlots, bookAt, reschedule, puts } = setup()
  const [a, b] = await freeSlots()
  const ann = await bookAt(1, a!.start)
  await bookAt(2, b!.start)
  for (const [i, start] of [b!.start, a!.start.replace(/:00:00/, ':10:00')].entries()) {
    const answer = await reschedule(ann.manageToken, { start, timeZone: ZONE }, `taken-key-${i}xx`)
    assert.equal(answer.status, 409, start)
    assert.equal(answer.body.error.code, 'slot_taken')
  }
  assert.equal(puts(), 0)
  const bad = await reschedule(
    ann.manageToken,
    { start: '2027-13-45T99:00:00Z', timeZone: 'Mars/Base' },
    'bad',
  )
  assert.equal(bad.status, 400)
  assert.deepEqual(bad.body.error.issues.map((i: { path: string }) => i.path).sort(), [
    'Idempotency-Key',
    'start',
    'timeZone',
  ])
})

test('cancel: GHL keeps the appointment, cancelled with the reason; its time is free for others at once', async () => {
  const { freeSlots, bookAt, cancel, reschedule, view, isFree, puts, appointment, sandbox, book } = setup()
  const [slot] = await freeSlots()
  const booking = await bookAt(1, slot!.start)
  const answer = await cancel(booking.manageToken, { reason: 'Ill,\r\nsorry' }, 'cancel-key-01')
  assert.equal(answer.status, 200, JSON.stringify(answer.body))
  assert.equal(answer.body.status, 'cancelled')
  assert.equal(answer.body.canCancel, false)
  assert.equal(answer.body.cancelRefusal.code, 'booking_cancelled')
  const held = appointment(booking.id)
  assert.equal(held.appointmentStatus, 'cancelled')
  const event = (await sandbox
    .fetch(
      new Request(`http://sandbox.test/calendars/events/appointments/${booking.id}`, {
        headers: { authorization: `Bearer ${SANDBOX.token}`, version: '2021-04-15' },
      }),
    )
    .then((r) => r.json())) as { event: { description: string } }
  assert.match(
    event.event.description,
    /Cancelled by the visitor through the booking link on \d{4}-\d\d-\d\d \d\d:\d\d UTC\.\nReason: Ill,\nsorry$/,
  )

  // The proxy's slots answer offers the time again, and another visitor books it.
  assert.equal(await isFree(slot!.start), true)
  assert.equal((await book(visitor(2, consultation, slot!.start, ZONE), 'second-booking')).status, 201)

  // Cancelling again: the same booking, no second write; moving it: refused.
  const writes = puts()
  const twice = await cancel(booking.manageToken, {}, 'cancel-key-02')
  assert.equal(twice.status, 200)
  assert.equal(twice.body.status, 'cancelled')
  assert.equal(puts(), writes)
  const [, other] = await freeSlots()
  const move = await reschedule(
    booking.manageToken,
    { start: other!.start, timeZone: ZONE },
    'move-cancelled',
  )
  assert.equal(move.status, 409)
  assert.equal(move.body.error.code, 'booking_cancelled')
  assert.equal((await view(booking.manageToken)).body.canReschedule, false)
})

/** A proxy whose sandbox calendar has these settings before the proxy first reads it (it caches calendars). */
function withCalendar(calendarId: string, settings: object, options: Parameters<typeof setup>[0] = {}) {
  const env = setup(options)
  Object.assign(env.sandbox.state().calendars.get(calendarId)!, settings)
  return env
}

test("the calendar's rules: no reschedule or no cancellation in GHL refuses each, says why, and writes nothing", async () => {
  const { freeSlots, bookAt, cancel, reschedule, view, puts } = withCalendar(consultation, {
    allowReschedule: false,
    allowCancellation: false,
  })
  const [slot, other] = await freeSlots()
  const booking = await bookAt(1, slot!.start)
  const shown = await view(booking.manageToken)
  assert.equal(shown.body.canReschedule, false)
  assert.equal(shown.body.canCancel, false)
  assert.equal(shown.body.rescheduleRefusal.code, 'reschedule_not_allowed')
  assert.equal(shown.body.cancelRefusal.code, 'cancel_not_allowed')
  const moved = await reschedule(booking.manageToken, { start: other!.start, timeZone: ZONE }, 'rule-key-01')
  assert.equal(moved.status, 403)
  assert.equal(moved.body.error.code, 'reschedule_not_allowed')
  assert.match(moved.body.error.message, /cannot be moved online/)
  const cancelled = await cancel(booking.manageToken, {}, 'rule-key-02')
  assert.equal(cancelled.status, 403)
  assert.equal(cancelled.body.error.code, 'cancel_not_allowed')
  assert.equal(puts(), 0)
})

test("the minimum notice: the session calendar's 24 hours close changes 24 hours before the start", async () => {
  const { freeSlots, bookAt, cancel, reschedule, view, clock, puts } = setup()
  const [slot, other] = await freeSlots(session)
  const booking = await bookAt(1, slot!.start, session)
  const shown = await view(booking.manageToken)
  assert.equal(shown.body.canCancel, true)
  assert.equal(Date.parse(shown.body.changeDeadline), Date.parse(slot!.start) - 24 * HOUR)
  clock.set(Date.parse(slot!.start) - 24 * HOUR)
  assert.equal((await view(booking.manageToken)).body.canCancel, true, 'the deadline itself is in time')
  clock.set(Date.parse(slot!.start) - 24 * HOUR + 1_000)
  const late = await view(booking.manageToken)
  assert.equal(late.body.canCancel, false)
  assert.equal(late.body.cancelRefusal.code, 'change_too_late')
  assert.match(late.body.cancelRefusal.message, /up to 1 day before the appointment/)
  const cancelled = await cancel(booking.manageToken, {}, 'late-key-01')
  assert.equal(cancelled.status, 403)
  assert.equal(cancelled.body.error.code, 'change_too_late')
  const moved = await reschedule(booking.manageToken, { start: other!.start, timeZone: ZONE }, 'late-key-02')
  assert.equal(moved.body.error.code, 'change_too_late')
  assert.equal(puts(), 0)
})

test("the site's rules win over the calendar's: no moves though GHL allows them, cancels though it does not, 48 h notice", async () => {
  const { freeSlots, bookAt, cancel, reschedule, view, clock } = withCalendar(
    consultation,
    { allowCancellation: false },
    { site: { manage: { reschedule: false, cancel: true, minNoticeHours: 48 } } },
  )
  const slots = await freeSlots()
  const later = slots.find((s) => Date.parse(s.start) > TEST_NOW + 72 * HOUR)!
  const booking = await bookAt(1, later.start)
  const shown = await view(booking.manageToken)
  assert.equal(shown.body.rescheduleRefusal.code, 'reschedule_not_allowed')
  assert.equal(shown.body.canCancel, true)
  assert.equal(Date.parse(shown.body.changeDeadline), Date.parse(later.start) - 48 * HOUR)
  const moved = await reschedule(
    booking.manageToken,
    { start: slots[0]!.start, timeZone: ZONE },
    'site-key-01',
  )
  assert.equal(moved.body.error.code, 'reschedule_not_allowed')
  clock.set(Date.parse(later.start) - 47 * HOUR)
  const tooLate = await cancel(booking.manageToken, {}, 'site-key-02')
  assert.equal(tooLate.body.error.code, 'change_too_late')
  assert.match(tooLate.body.error.message, /up to 2 days before/)
  clock.set(Date.parse(later.start) - 49 * HOUR)
  const cancelled = await cancel(booking.manageToken, {}, 'site-key-03')
  assert.equal(cancelled.status, 200)
  assert.equal(cancelled.body.status, 'cancelled')
})

test("a booking deleted inside GHL, or no longer this contact's, is gone for its link", async () => {
  const { freeSlots, bookAt, view, sandbox } = setup()
  const [a, b] = await freeSlots()
  const ann = await bookAt(1, a!.start)
  const bob = await bookAt(2, b!.start)
  sandbox.state().appointments.get(bob.id)!.contactId = SANDBOX.contact.id
  const reassigned = await view(bob.manageToken)
  assert.equal(reassigned.status, 404)
  assert.equal(reassigned.body.error.code, 'not_found')
  await sandbox.app.request(`/_sandbox/appointments/${ann.id}`, { method: 'DELETE' })
  const deleted = await view(ann.manageToken)
  assert.equal(deleted.status, 404)
  assert.equal(deleted.body.error.message, 'This booking no longer exists.')
})

test("the link reaches the contact's custom field when the site names one, and follows a reschedule", async () => {
  const { freeSlots, bookAt, reschedule, sandbox, appointment } = setup({
    site: { manage: { linkField: 'fld-booking-link' } },
  })
  const [slot, other] = await freeSlots()
  const booking = await bookAt(1, slot!.start)
  const field = () =>
    sandbox
      .state()
      .contacts.get(appointment(booking.id).contactId)!
      .customFields.find((f) => f.id === 'fld-booking-link')?.value
  assert.equal(field(), booking.manageUrl)
  const moved = await reschedule(booking.manageToken, { start: other!.start, timeZone: ZONE }, 'link-key-01')
  assert.equal(field(), moved.body.manageUrl)
  assert.notEqual(moved.body.manageUrl, booking.manageUrl)
})

test('no token appears in a log line, whatever the route answered', async () => {
  const { freeSlots, bookAt, view, reschedule, cancel, lines, proxy } = setup()
  const [a, b, c] = await freeSlots()
  const booking = await bookAt(1, a!.start)
  const tokens = new Set<string>([booking.manageToken])
  const note = (answer: { body: { manageToken?: string } }) =>
    answer.body.manageToken && tokens.add(answer.body.manageToken)
  note(await view(booking.manageToken))
  note(await reschedule(booking.manageToken, { start: b!.start, timeZone: ZONE }, 'log-key-0001'))
  note(await reschedule(booking.manageToken, { start: 'soon', timeZone: ZONE }, 'log-key-0002'))
  note(await cancel(booking.manageToken, { reason: 'x' }, 'log-key-0003'))
  note(await reschedule(booking.manageToken, { start: c!.start, timeZone: ZONE }, 'log-key-0004'))
  // Refused before the routes: a page origin the site does not list.
  const refused = await proxy.app.request(manageRoutes.booking('site', booking.manageToken), {
    headers: { origin: 'https://elsewhere.test' },
  })
  assert.equal(refused.status, 403)
  // The first token, and the one for the moved booking's end (a view or a cancel signs the same claims again).
  assert.equal(tokens.size, 2)
  const requestLines = lines.filter((line) => line.msg === 'request')
  assert.ok(requestLines.length >= 6, 'the request log is on')
  assert.ok(requestLines.some((line) => line.path === '/v1/sites/site/bookings/:token/reschedule'))
  const text = JSON.stringify(lines)
  for (const token of tokens) assert.ok(!text.includes(token), 'a token in the log')
  assert.ok(!text.includes(SECRET))
})

test("the site's rate limit covers the link's routes: past it, 429 before the token is even checked", async () => {
  const { freeSlots, bookAt, view, cancel, ghlCalls } = setup({
    site: { rateLimit: { site: { limit: 4, windowSeconds: 60 } } },
  })
  const [slot] = await freeSlots()
  const booking = await bookAt(1, slot!.start)
  assert.equal((await view(booking.manageToken)).status, 200)
  assert.equal((await view('not-a-token')).status, 401)
  const before = ghlCalls()
  for (const answer of [
    await view(booking.manageToken),
    await cancel(booking.manageToken, {}, 'limit-key-1'),
  ]) {
    assert.equal(answer.status, 429)
    assert.equal(answer.body.error.code, 'rate_limited')
  }
  assert.equal(ghlCalls(), before)
})
