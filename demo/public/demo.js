// The demo page's two panels: the widget events as they happen, and what the GHL sandbox holds.
const eventLog = document.getElementById('event-log')
const EVENTS = [
  'ready',
  'date-select',
  'slot-select',
  'submit',
  'booked',
  'rescheduled',
  'cancelled',
  'error',
]

for (const name of EVENTS) {
  document.addEventListener(`ghl-booking:${name}`, (event) => {
    const item = document.createElement('li')
    const time = new Date().toLocaleTimeString()
    const detail = event.detail === undefined ? '' : ` ${JSON.stringify(event.detail)}`
    item.textContent = `${time} ${event.type}${detail}`
    item.dataset.event = event.type
    eventLog.prepend(item)
  })
}

const appointmentsList = document.getElementById('sandbox-appointments')
const requestsList = document.getElementById('sandbox-requests')
const requestCount = document.getElementById('sandbox-count')

const replaceItems = (list, lines) => {
  list.replaceChildren(
    ...lines.map((line) => {
      const item = document.createElement('li')
      item.textContent = line
      return item
    }),
  )
}

async function refreshSandbox() {
  try {
    const [appointments, requests] = await Promise.all([
      fetch('/_sandbox/appointments').then((r) => r.json()),
      fetch('/_sandbox/requests').then((r) => r.json()),
    ])
    const appointmentList = Array.isArray(appointments) ? appointments : (appointments.appointments ?? [])
    const requestList = Array.isArray(requests) ? requests : (requests.requests ?? [])
    replaceItems(
      appointmentsList,
      appointmentList.length
        ? appointmentList.map(
            (a) => `${a.startTime} · ${a.title ?? a.calendarId} · ${a.appointmentStatus ?? ''}`,
          )
        : ['none yet'],
    )
    requestCount.textContent = `(${requestList.length})`
    replaceItems(
      requestsList,
      requestList
        .slice(-40)
        .reverse()
        .map((r) => `${new Date(r.at).toLocaleTimeString()} ${r.method} ${r.path} → ${r.status}`),
    )
  } catch {
    replaceItems(requestsList, ['sandbox not reachable'])
  }
}

refreshSandbox()
setInterval(refreshSandbox, 2000)
