// The demo panel's "Marketplace app" section: the installs GHL holds (the sandbox's /_sandbox/oauth/state: account,
// user type, token expiry on the demo's clock, refresh count; it never lists a token), and "Uninstall", which has
// the sandbox uninstall the app from the demo site's location and send the signed UNINSTALL webhook to the proxy.
// "Install the app" is a plain link to the proxy's /oauth/install.

/** The demo site's location (demo/sites.json). */
const DEMO_LOCATION = 'loc-sandbox'
const NAMES = {
  'cmp-sandbox': 'Sandbox Agency',
  'loc-sandbox': 'Sandbox Studio',
  'loc-branch': 'Sandbox Branch',
}

const grantsList = document.getElementById('app-grants')
const uninstallButton = document.getElementById('app-uninstall')
const status = document.getElementById('app-status')

/** "in 23 h 59 min" from `ms` milliseconds. */
function remaining(ms) {
  if (ms <= 0) return 'expired'
  const minutes = Math.floor(ms / 60_000)
  return `in ${Math.floor(minutes / 60)} h ${minutes % 60} min`
}

/** One line per install: who, which kind, when its token expires on the demo's clock, how often it was refreshed. */
function describe(grant, now) {
  const name = `${NAMES[grant.account] ?? grant.account} (${grant.account})`
  const kind =
    grant.userType === 'Company' ? `agency, covers ${grant.approvedLocations.join(', ')}` : 'location'
  const expiry = grant.expiresAt
    ? `token expires ${grant.expiresAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')} (${remaining(Date.parse(grant.expiresAt) - now)} on the demo's clock)`
    : 'no live token'
  const refreshes = grant.counts.refreshes
  return `${name} · ${kind} · ${expiry} · refreshed ${refreshes} ${refreshes === 1 ? 'time' : 'times'}`
}

let shown = ''

/** Shows the installs; only a change is written, so the live region speaks only of changes. */
export async function refreshApp() {
  try {
    const [state, clock] = await Promise.all([
      fetch('/_sandbox/oauth/state').then((r) => r.json()),
      fetch('/_sandbox/clock').then((r) => r.json()),
    ])
    const grants = state.grants ?? []
    const lines = grants.length
      ? grants.map((grant) => describe(grant, clock.ms))
      : ['Not installed: the demo site cannot reach GHL.']
    const text = lines.join('\n')
    if (text === shown) return
    shown = text
    grantsList.replaceChildren(
      ...lines.map((line) => {
        const item = document.createElement('li')
        item.textContent = line
        return item
      }),
    )
  } catch {
    grantsList.replaceChildren(
      Object.assign(document.createElement('li'), { textContent: 'sandbox not reachable' }),
    )
    shown = ''
  }
}

uninstallButton.addEventListener('click', async () => {
  uninstallButton.disabled = true
  try {
    const response = await fetch('/_sandbox/oauth/uninstall', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ locationId: DEMO_LOCATION }),
    })
    status.textContent = response.ok
      ? 'Uninstalled: GHL told the proxy (a signed UNINSTALL webhook). Reload the page: the widgets say booking is not available.'
      : response.status === 404
        ? 'The app is not installed on the demo site’s location.'
        : `The sandbox answered ${response.status}.`
  } catch {
    status.textContent = 'The sandbox is not reachable.'
  } finally {
    uninstallButton.disabled = false
    await refreshApp()
  }
})
