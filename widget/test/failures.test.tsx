/** What the visitor sees when things go wrong: a taken slot, rate limits, no connection, a failing calendar. */
import { expect } from 'chai'
import { http, HttpResponse } from 'msw'
import { addDays } from './clock.ts'
import { firstFreeDay, received } from './handlers.ts'
import { cleanup, expectNoAxeViolations, focused, mountWidget, type, waitFor, worker } from './setup.ts'

afterEach(cleanup)

const bookings = '*/v1/sites/:site/bookings'

/** Mounts, picks the first slot and fills the form. */
async function atForm(attributes: Record<string, string> = {}) {
  const m = mountWidget({ 'hour-cycle': 'h23', ...attributes })
  ;(await waitFor(() => m.$('.slot'))).click()
  await waitFor(() => m.$('#firstName'))
  type(m.$('#firstName'), 'Ada')
  type(m.$('#lastName'), 'Lovelace')
  type(m.$('#email'), 'ada@example.com')
  type(m.$('#notes'), 'About the engine')
  return m
}
const booking = () => ({
  id: 'a1',
  calendarId: 'cal-1',
  start: `${firstFreeDay()}T09:00:00+00:00`,
  end: `${firstFreeDay()}T09:30:00+00:00`,
  title: 'Call',
  timeZone: 'UTC',
})
/** Answers the n-th booking request (from 1) with `answer(n)`, or a booking; records each like the defaults. */
const bookingsAnswered = (answer: (n: number) => Response | undefined) =>
  http.post(bookings, async ({ request }) => {
    received.bookings.push({
      key: request.headers.get('idempotency-key'),
      body: (await request.json()) as never,
    })
    return answer(received.bookings.length) ?? HttpResponse.json(booking(), { status: 201 })
  })
const submit = (m: Awaited<ReturnType<typeof atForm>>) =>
  m.$<HTMLButtonElement>('button[type=submit]').click()

describe('failures', () => {
  it('slot taken: back to the day with the fresh slots and a message, keeping what was typed', async () => {
    const day = firstFreeDay()
    const fresh = [{ start: `${day}T15:00:00+00:00`, end: `${day}T15:30:00+00:00` }]
    worker.use(
      http.post(bookings, () =>
        HttpResponse.json(
          { error: { code: 'slot_taken', message: 'That slot is no longer free', slots: fresh } },
          { status: 409 },
        ),
      ),
    )
    const m = await atForm()
    submit(m)
    await waitFor(() => m.$('.notice'))
    expect(m.$('.notice').textContent).to.contain('that time was just taken')
    expect(m.$$('.notice button')).to.have.length(0)
    expect(m.$$('.slot').map((s) => s.textContent)).to.deep.equal(['15:00'])
    await waitFor(() => focused(m)?.id === 'slots')
    expect(m.events.at(-1)!.type).to.equal('ghl-booking:error')
    expect(m.events.at(-1)!.detail).to.deep.equal({
      code: 'slot_taken',
      message: 'That slot is no longer free',
    })
    await expectNoAxeViolations(m)
    m.$('.slot').click()
    await waitFor(() => m.$('#firstName'))
    expect(m.$<HTMLInputElement>('#firstName').value).to.equal('Ada')
    expect(m.$<HTMLTextAreaElement>('#notes').value).to.equal('About the engine')
  })

  it("slot taken, the day's last: the next free day's times are shown, with a message naming that day", async () => {
    const day = firstFreeDay()
    const later = addDays(day, 5)
    const offered = [
      { start: `${later}T11:00:00+00:00`, end: `${later}T11:30:00+00:00` },
      { start: `${later}T16:00:00+00:00`, end: `${later}T16:30:00+00:00` },
    ]
    worker.use(
      http.post(bookings, () =>
        HttpResponse.json(
          { error: { code: 'slot_taken', message: 'Taken', slots: offered } },
          { status: 409 },
        ),
      ),
    )
    const m = await atForm()
    submit(m)
    await waitFor(() => m.$('.notice'))
    const longDay = new Intl.DateTimeFormat('en', {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(new Date(`${later}T12:00:00Z`))
    expect(m.$('.notice').textContent).to.equal(
      `Sorry, that time was just taken, and it was the last one that day. Here are the times on ${longDay}.`,
    )
    expect(m.$('[aria-pressed=true]').dataset.date).to.equal(later)
    expect(m.$$('.slot').map((s) => s.textContent)).to.deep.equal(['11:00', '16:00'])
    // The lost day and the days between hold nothing now: the proxy's answer covers them completely.
    for (let d = day; d < later; d = addDays(d, 1))
      expect(m.$(`[data-date="${d}"]`).classList.contains('free'), d).to.equal(false)
    await expectNoAxeViolations(m)
  })

  it('rate limited: says how long to wait, and the retry reuses the idempotency key', async () => {
    worker.use(
      bookingsAnswered((n) =>
        n === 1
          ? HttpResponse.json(
              { error: { code: 'rate_limited', message: 'Slow down' } },
              { status: 429, headers: { 'Retry-After': '12' } },
            )
          : undefined,
      ),
    )
    const m = await atForm()
    submit(m)
    await waitFor(() => m.$('.notice'))
    expect(m.$('.notice').textContent).to.contain('wait 12 seconds')
    expect(m.$('[role=status]').textContent).to.contain('wait 12 seconds')
    await waitFor(() => focused(m)?.classList.contains('notice'))
    await expectNoAxeViolations(m)
    m.$('.notice button').click()
    await waitFor(() => m.root.textContent!.includes('You are booked'))
    expect(received.bookings).to.have.length(2)
    expect(received.bookings[0]!.key).to.equal(received.bookings[1]!.key)
  })

  it('a key refused as reused with other details: the retry is a new attempt with a new key', async () => {
    worker.use(
      bookingsAnswered((n) =>
        n === 1
          ? HttpResponse.json(
              {
                error: {
                  code: 'invalid_request',
                  message: 'This Idempotency-Key was used with other details',
                },
              },
              { status: 422 },
            )
          : undefined,
      ),
    )
    const m = await atForm()
    submit(m)
    await waitFor(() => m.$('.notice'))
    submit(m)
    await waitFor(() => m.root.textContent!.includes('You are booked'))
    expect(received.bookings).to.have.length(2)
    expect(received.bookings[0]!.key).to.not.equal(received.bookings[1]!.key)
  })

  it('offline: says to check the connection and offers a retry', async () => {
    worker.use(http.post(bookings, () => HttpResponse.error()))
    const m = await atForm()
    submit(m)
    await waitFor(() => m.$('.notice'))
    expect(m.$('.notice').textContent).to.contain('offline')
    expect(m.$('.notice button').textContent).to.equal('Try again')
    expect(m.events.at(-1)!.detail.code).to.equal('offline')
    await expectNoAxeViolations(m)
  })

  it('upstream unavailable on the first load: a message and a retry that recovers', async () => {
    let fail = true
    worker.use(
      http.get('*/v1/sites/:site/calendars/:calendarId', () =>
        fail
          ? HttpResponse.json(
              { error: { code: 'upstream_unavailable', message: 'GHL down' } },
              { status: 503 },
            )
          : undefined,
      ),
    )
    const m = mountWidget()
    await waitFor(() => m.$('.notice'))
    expect(m.$('.notice').textContent).to.contain('not answering')
    await expectNoAxeViolations(m)
    fail = false
    m.$('.notice button').click()
    await waitFor(() => m.$('.slot'))
  })

  it('a new attempt after choosing another slot gets a new idempotency key', async () => {
    worker.use(
      bookingsAnswered(() =>
        HttpResponse.json({ error: { code: 'upstream_unavailable', message: 'down' } }, { status: 503 }),
      ),
    )
    const m = await atForm()
    submit(m)
    await waitFor(() => received.bookings.length === 1 && m.$('.notice'))
    m.$('button').click() // back
    await waitFor(() => m.$$('.slot').length === 3)
    m.$$('.slot')[1]!.click()
    await waitFor(() => m.$('#firstName'))
    submit(m)
    await waitFor(() => received.bookings.length === 2)
    expect(received.bookings[0]!.key).to.not.equal(received.bookings[1]!.key)
  })

  it('bad configuration: a message naming each attribute, in place and in the console', async () => {
    const logged: string[] = []
    const original = console.error
    console.error = (message: string) => logged.push(message)
    try {
      const m = mountWidget({ calendar: '', theme: 'blue', 'time-zone': 'Mars/Base' })
      const alert = m.$('[role=alert]')
      expect(alert.textContent).to.contain('data-calendar is required')
      expect(alert.textContent).to.contain('data-theme')
      expect(alert.textContent).to.contain('data-time-zone')
      expect(logged.join()).to.contain('data-calendar is required')
      expect(m.events[0]!.detail.code).to.equal('config')
      await expectNoAxeViolations(m)
    } finally {
      console.error = original
    }
  })
})
