// The embed-code builder: turns the chosen options into data attributes, shows the script tag and a live preview.
const form = document.getElementById('options')
const code = document.getElementById('code')
const preview = document.getElementById('preview')
const copied = document.getElementById('copied')
const calendarSelect = document.getElementById('calendar')

const CALENDARS = {
  'cal-consultation': 'Free consultation (30 min)',
  'cal-session': 'Strategy session (60 min)',
}
for (const [id, label] of Object.entries(CALENDARS)) calendarSelect.append(new Option(label, id))

const DEFAULTS = { mode: 'inline', theme: 'light', 'time-zone': 'auto' }

/** The data attributes the current options need, leaving out empty values and defaults. */
function attributes() {
  const attrs = { site: 'demo' }
  for (const [name, value] of new FormData(form)) {
    const text = String(value).trim()
    if (!text || DEFAULTS[name] === text) continue
    if (name === 'button-text' && form.elements.mode.value !== 'popup') continue
    if (name === 'accent' && text === '#2251c4') continue
    attrs[name] = text
  }
  return attrs
}

const escapeAttr = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')

let mounted
let shown
function render() {
  const attrs = attributes()
  // `change` follows `input` when a field loses focus: keep the preview the visitor may be clicking in.
  const key = JSON.stringify(attrs)
  if (key === shown) return
  shown = key
  const lines = Object.entries(attrs).map(([name, value]) => `  data-${name}="${escapeAttr(value)}"`)
  code.textContent = `<script\n  src="${location.origin}/widget.js"\n${lines.join('\n')}\n  async\n></script>`

  mounted?.unmount()
  const host = document.createElement('div')
  for (const [name, value] of Object.entries(attrs)) host.setAttribute(`data-${name}`, value)
  preview.replaceChildren(host)
  mounted = window.GHLBooking?.mount(host)
}

form.addEventListener('input', render)
form.addEventListener('change', render)
document.getElementById('copy').addEventListener('click', async () => {
  await navigator.clipboard.writeText(code.textContent)
  copied.textContent = 'Copied.'
  setTimeout(() => (copied.textContent = ''), 2000)
})
render()
