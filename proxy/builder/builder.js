// The embed-code builder: the sites and calendars of the proxy's sites file, the chosen options as data attributes,
// the script tag, a warning when the page's origin is not allowed, a live check and a live preview.
import { api, takeTokenFromAddress, withToken } from './admin-api.js'
import { showCheck } from './check.js'

const form = document.getElementById('options')
const code = document.getElementById('code')
const preview = document.getElementById('preview')
const copied = document.getElementById('copied')
const siteSelect = document.getElementById('site')
const calendarSelect = document.getElementById('calendar')
const calendarProblem = document.getElementById('calendar-problem')
const originNote = document.getElementById('origin-note')

const DEFAULTS = { mode: 'inline', theme: 'light', 'time-zone': 'auto', accent: '#2251c4' }
/** Fields of the form that are not data attributes. */
const NOT_ATTRIBUTES = ['origin']

let sites = []
const site = () => sites.find((s) => s.id === siteSelect.value)
const calendar = () => site()?.calendars.find((c) => c.id === calendarSelect.value)

/** The origin typed (a whole page address will do), or undefined when it is not one. */
function typedOrigin() {
  const text = form.elements.origin.value.trim()
  try {
    return text && new URL(text.includes('://') ? text : `https://${text}`).origin
  } catch {
    return undefined
  }
}

/** The calendars of the chosen site, named as GHL names them, or marked when GHL cannot show them. */
function fillCalendars() {
  const kept = calendarSelect.value
  calendarSelect.replaceChildren(
    ...site().calendars.map((c) =>
      c.problem
        ? new Option(`${c.id} (cannot be shown)`, c.id)
        : new Option(`${c.name} (${c.durationMinutes} min)`, c.id),
    ),
  )
  if (site().calendars.some((c) => c.id === kept)) calendarSelect.value = kept
}

/** Why the chosen calendar cannot be shown, and whether the page's origin may embed the site. */
function explain() {
  calendarProblem.textContent = calendar()?.problem?.message ?? ''
  const { id, origins } = site()
  const origin = typedOrigin()
  originNote.className = ''
  if (!form.elements.origin.value.trim()) {
    originNote.textContent = `Origins allowed for site "${id}": ${origins.join(', ') || 'none yet'}.`
  } else if (!origin) {
    originNote.className = 'problem'
    originNote.textContent = 'Expected an origin such as https://www.example.com.'
  } else if (origins.includes(origin)) {
    originNote.textContent = `${origin} may embed site "${id}".`
  } else {
    originNote.className = 'problem'
    originNote.textContent = `${origin} is not in the "origins" of site "${id}": visitors there would read "Online booking is not available on this page." Add "${origin}" to that site's "origins" in the sites file, then restart the proxy.`
  }
}

/** The data attributes the current options need, leaving out empty values and defaults. */
function attributes() {
  const attrs = {}
  for (const [name, value] of new FormData(form)) {
    const text = String(value).trim()
    if (!text || DEFAULTS[name] === text || NOT_ATTRIBUTES.includes(name)) continue
    if (name === 'button-text' && form.elements.mode.value !== 'popup') continue
    attrs[name] = text
  }
  return attrs
}

const escapeAttr = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')

let mounted
let shown
function render() {
  explain()
  const attrs = attributes()
  // `change` follows `input` when a field loses focus: keep the preview the visitor may be clicking in.
  const key = JSON.stringify(attrs)
  if (key === shown) return
  shown = key
  const lines = Object.entries(attrs).map(([name, value]) => `  data-${name}="${escapeAttr(value)}"`)
  // The preconnect opens the connection the widget's data requests use (CORS, so `crossorigin`) while the page
  // still loads: without it that connection is opened only once widget.js has run, one more round trip or three.
  code.textContent =
    `<link rel="preconnect" href="${location.origin}" crossorigin>\n` +
    `<script\n  src="${location.origin}/widget.js"\n${lines.join('\n')}\n  async\n></script>`

  mounted?.unmount()
  const host = document.createElement('div')
  for (const [name, value] of Object.entries(attrs)) host.setAttribute(`data-${name}`, value)
  preview.replaceChildren(host)
  mounted = window.GHLBooking?.mount(host)
}

async function start() {
  takeTokenFromAddress()
  try {
    ;({ sites } = await withToken(
      () => api('/admin/api/sites'),
      document.getElementById('login'),
      document.getElementById('login-problem'),
    ))
  } catch (error) {
    const problem = document.getElementById('load-problem')
    problem.textContent = `The sites could not be loaded: ${error.message}`
    problem.hidden = false
    return
  }
  siteSelect.replaceChildren(...sites.map((s) => new Option(s.id, s.id)))
  fillCalendars()
  document.querySelector('main').hidden = false
  siteSelect.addEventListener('change', fillCalendars)
  form.addEventListener('input', render)
  form.addEventListener('change', render)
  document.getElementById('copy').addEventListener('click', async () => {
    await navigator.clipboard.writeText(code.textContent)
    copied.textContent = 'Copied.'
    setTimeout(() => (copied.textContent = ''), 2000)
  })
  document
    .getElementById('check')
    .addEventListener('click', () => showCheck(siteSelect.value, calendarSelect.value, typedOrigin()))
  render()
}

start()
