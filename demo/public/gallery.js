// The gallery: one live widget per state, each driven there by clicks inside its shadow root.
const gallery = document.getElementById('gallery')
const now = () => window.GALLERY_NOW

/** Resolves with the first element matching `selector` in `root`, once there is one. */
async function find(root, selector, test = () => true) {
  for (let i = 0; i < 400; i++) {
    const found = [...root.querySelectorAll(selector)].find(test)
    if (found) return found
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error(`gallery: nothing matches ${selector}`)
}

/** Types a value the way a visitor does. */
function type(field, value) {
  field.value = value
  field.dispatchEvent(new Event('input', { bubbles: true }))
}

async function fillForm(root) {
  type(await find(root, '#firstName'), 'Ana')
  type(root.querySelector('#lastName'), 'García')
  type(root.querySelector('#email'), 'ana@example.com')
}

/**
 * Adds a figure with a widget on `calendar`, mounted with `options`, then runs `drive` on its shadow root.
 * `kind` is `narrow` (320 px) or `dark-page`.
 */
function state(name, calendar, options = {}, drive, kind = '') {
  const figure = document.createElement('figure')
  figure.id = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/-$/, '')
  if (kind) figure.className = kind
  const caption = document.createElement('figcaption')
  caption.textContent = name
  const host = document.createElement('div')
  figure.append(caption, host)
  gallery.append(figure)
  GHLBooking.mount(host, { site: 'gallery', calendar, timeZone: 'Europe/Madrid', now, ...options })
  const done = drive ? drive(host.shadowRoot).catch((e) => console.error(e)) : Promise.resolve()
  return done.then(() => (figure.dataset.ready = 'true'))
}

const pick = async (root) => (await find(root, '.slot')).click()

const states = [
  state('Loading', 'held-1'),
  state('Month and times', 'cal-1', {}, (root) => find(root, '.slot')),
  state('Month on its way', 'cal-2', {}, async (root) => {
    await find(root, '.slot')
    ;(await find(root, '.nav:not([disabled])', (b) => b.getAttribute('aria-label') === 'Next month')).click()
    await find(root, '.day.free')
    root.querySelectorAll('.nav')[1].click()
    await find(root, '.day.wait')
  }),
  state('Time zone picker', 'cal-3', {}, async (root) => {
    await find(root, '.slot')
    const zone = root.querySelector('#zone')
    zone.dispatchEvent(new MouseEvent('click', { bubbles: true }))
    await find(root, '[role=listbox]')
    type(zone, 'new')
    await find(root, '[role=option]')
  }),
  state('Form with errors', 'cal-consent-4', {}, async (root) => {
    await pick(root)
    type(await find(root, '#email'), 'ana@example')
    root.querySelector('button[type=submit]').click()
    await find(root, '[aria-invalid=true]')
  }),
  state('Booking on its way', 'slow-5', {}, async (root) => {
    await pick(root)
    await fillForm(root)
    root.querySelector('button[type=submit]').click()
    await find(root, '[aria-busy=true]')
  }),
  state('Confirmation', 'cal-6', { confirmationText: undefined }, async (root) => {
    await pick(root)
    await fillForm(root)
    root.querySelector('button[type=submit]').click()
    await find(root, '.done')
  }),
  state('Failed to load', 'down-7', {}, (root) => find(root, '.notice')),
  state('Not available on this page', 'gone-8', {}, (root) => find(root, 'h2')),
  state(
    'Dark theme, teal accent',
    'cal-9',
    { theme: 'dark', accent: '#0f766e' },
    (root) => find(root, '.slot'),
    'dark-page',
  ),
  state(
    'Dark theme, confirmation',
    'cal-10',
    { theme: 'dark', accent: '#0f766e' },
    async (root) => {
      await pick(root)
      await fillForm(root)
      root.querySelector('button[type=submit]').click()
      await find(root, '.done')
    },
    'dark-page',
  ),
  state('Arabic, right to left', 'cal-11', { locale: 'ar', timeZone: 'Asia/Dubai' }, (root) =>
    find(root, '.slot'),
  ),
  state(
    'Hebrew form, right to left',
    'cal-consent-12',
    { locale: 'he', timeZone: 'Asia/Jerusalem' },
    async (root) => {
      await pick(root)
      root.querySelector('button[type=submit]').click()
      await find(root, '[aria-invalid=true]')
    },
  ),
  state('Japanese', 'cal-13', { locale: 'ja', timeZone: 'Asia/Tokyo' }, (root) => find(root, '.slot')),
  state('German, 320 px', 'cal-14', { locale: 'de' }, (root) => find(root, '.slot'), 'narrow'),
  state(
    '320 px confirmation',
    'cal-15',
    {},
    async (root) => {
      await pick(root)
      await fillForm(root)
      root.querySelector('button[type=submit]').click()
      await find(root, '.done')
    },
    'narrow',
  ),
  state(
    'Popup launcher',
    'cal-session-16',
    { mode: 'popup', buttonText: 'Book a strategy session', accent: '#0f766e' },
    (root) => find(root, '[part=open-button]'),
  ),
]

Promise.all(states).then(() => (document.body.dataset.ready = 'true'))
