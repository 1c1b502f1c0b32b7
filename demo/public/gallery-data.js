// The gallery's canned proxy: answers the widget's calendar, slots and booking requests in the page, before
// widget.js loads, so every state shows without a proxy or GHL. Calendar ids choose the behaviour:
// `held-*` never answers the calendar (loading), `down-*` answers 503, `gone-*` is a calendar the site does not
// list, `slow-*` never answers a booking (busy), and every calendar holds back its slots after June 2027.
;(() => {
  const NOW = Date.parse('2027-04-14T09:00:00Z')
  const realFetch = window.fetch.bind(window)
  const json = (body, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
  const never = () => new Promise(() => {})
  const calendar = (id) => ({
    id,
    name: id.includes('session') ? 'Strategy session' : 'Free consultation',
    description: 'A first look at what hurts, and a plan to fix it, with one of our physiotherapists.',
    durationMinutes: id.includes('session') ? 60 : 30,
    timeZone: 'America/New_York',
    // The header's who and where: a host and an address, or a round-robin team meeting by video.
    ...(id.includes('session')
      ? {
          team: { names: ['Ava Smith', 'Ben Okafor'], all: false },
          location: { kind: 'video', label: 'Google Meet' },
        }
      : { host: { name: 'Ava Smith' }, location: { kind: 'in_person', label: '12 Harbor Street, Suite 4' } }),
    bookingWindow: { minNoticeMinutes: 60, maxDaysAhead: 120 },
    form: {
      phone: 'optional',
      notes: 'optional',
      consent: id.includes('consent') ? 'I agree to be contacted about my appointment.' : null,
    },
  })
  /** Four times on each weekday after today, at fixed UTC hours. */
  const slots = (from, to) => {
    const out = []
    for (let d = Date.parse(`${from}T00:00:00Z`); d <= Date.parse(`${to}T00:00:00Z`); d += 86400000) {
      const day = new Date(d)
      const date = day.toISOString().slice(0, 10)
      if (day.getUTCDay() % 6 === 0 || d < NOW || date === '2027-04-20') continue
      for (const [h, m] of [
        [13, '00'],
        [14, '30'],
        [17, '00'],
        [19, '30'],
      ])
        out.push({
          start: `${date}T${h}:${m}:00Z`,
          end: `${date}T${h + (m === '30' ? 1 : 0)}:${m === '30' ? '00' : '30'}:00Z`,
        })
    }
    return out
  }
  window.GALLERY_NOW = NOW
  window.fetch = async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input.url, location.href)
    const path = url.pathname
    if (!path.startsWith('/v1/')) return realFetch(input, init)
    const id = decodeURIComponent(path.split('/')[5] ?? '')
    if (path.endsWith('/bookings')) {
      const body = JSON.parse(init.body)
      if (body.calendarId.startsWith('slow-')) return never()
      const end = new Date(Date.parse(body.start) + 30 * 60000).toISOString()
      return json(
        {
          id: 'appt-1',
          calendarId: body.calendarId,
          start: body.start,
          end,
          title: 'Free consultation: Ana García',
          timeZone: body.timeZone,
        },
        201,
      )
    }
    if (id.startsWith('held-')) return never()
    if (id.startsWith('down-'))
      return json({ error: { code: 'upstream_unavailable', message: 'GHL is not answering.' } }, 503)
    if (id.startsWith('gone-'))
      return json(
        {
          error: { code: 'unknown_calendar', message: `Site "gallery" does not list the calendar "${id}".` },
        },
        404,
      )
    if (path.endsWith('/slots')) {
      const from = url.searchParams.get('from')
      const to = url.searchParams.get('to')
      if (from >= '2027-06') return never()
      return json({
        calendarId: id,
        timeZone: url.searchParams.get('timeZone'),
        from,
        to,
        slots: slots(from, to),
      })
    }
    return json(calendar(id))
  }
})()
