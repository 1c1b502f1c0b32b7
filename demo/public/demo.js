// The demo page's panels: the widget events as they happen, the Marketplace app's install as GHL (the sandbox)
// holds it, and what else the GHL sandbox holds (appointments, opportunities in the booking pipeline, upstream calls).
import { refreshApp } from './app-panel.js'
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
const opportunitiesList = document.getElementById('sandbox-opportunities')
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
    const [appointments, requests, opportunities] = await Promise.all([
      fetch('/_sandbox/appointments').then((r) => r.json()),
      fetch('/_sandbox/requests').then((r) => r.json()),
      fetch('/_sandbox/opportunities').then((r) => r.json()),
    ])
    const opportunityList = opportunities.opportunities ?? []
    replaceItems(
      opportunitiesList,
      opportunityList.length
        ? opportunityList.map((o) => `${o.name} · ${o.stageName} · ${o.status} · ${o.contactName}`)
        : ['none yet'],
    )
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

const refreshAll = () => Promise.all([refreshSandbox(), refreshApp()])
refreshAll()
setInterval(refreshAll, 2000)
// The opportunity is made in the background just after the answer: look again a moment after a booking or cancel.
for (const name of ['booked', 'rescheduled', 'cancelled']) {
  document.addEventListener(`ghl-booking:${name}`, () => setTimeout(refreshSandbox, 300))
}
