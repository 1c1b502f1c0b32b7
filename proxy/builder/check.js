// The builder's live check: the proxy asks its own calendar and slots routes as a visitor's browser on the page's
// origin would; this turns the answers into what that visitor sees and what the browser's console says.
import { api } from './admin-api.js'

const result = document.getElementById('check-result')

/** The widget's own words (widget/src/i18n.ts) for what a visitor reads. */
const WIDGET = {
  unavailable: 'Online booking is not available on this page.',
  offline: 'You seem to be offline. Check your connection, then try again.',
  rate_limited: 'Too many requests. Please wait a few seconds, then try again.',
  upstream_unavailable: 'The calendar is not answering. Please try again in a moment.',
  failed: 'Something went wrong. Please try again.',
}
/** Failures only the site owner can end: the widget says booking is unavailable and logs the fix. */
const SETUP = ['origin_not_allowed', 'unknown_site', 'unknown_calendar', 'upstream_rejected']

/** What a visitor reads, and the widget's console line if it writes one. */
function visitorView({ calendar, slots }) {
  const failed = [calendar, slots].find((probe) => probe.status !== 200)
  if (!failed) {
    const times = slots.count === 1 ? '1 free time' : `${slots.count || 'no'} free times`
    return { ok: true, sees: `"${calendar.name}" with ${times} from ${slots.from} to ${slots.to}.` }
  }
  // A browser hides an answer CORS does not allow: the widget cannot tell it from no connection.
  if (!failed.readable) return { sees: WIDGET.offline }
  if (SETUP.includes(failed.code)) {
    return { sees: WIDGET.unavailable, console: `GHL booking widget: ${failed.message}` }
  }
  return { sees: WIDGET[failed.code] ?? WIDGET.failed }
}

/** A paragraph with a bold lead and plain text (never HTML: messages quote values a visitor could send). */
function line(lead, text, className = '') {
  const p = document.createElement('p')
  p.className = className
  const strong = document.createElement('strong')
  strong.textContent = lead
  p.append(strong, ` ${text}`)
  return p
}

/** What a route answered, for the owner: status and code. */
const answer = (probe) =>
  `${probe.status}${probe.code ? ` ${probe.code}` : ''}${probe.readable ? '' : ' (not readable)'}`

/** Runs the check for the chosen site and calendar on `origin` and shows the outcome. */
export async function showCheck(site, calendar, origin) {
  if (!origin) {
    result.replaceChildren(
      line('Enter your page’s origin first', '(such as https://www.example.com).', 'problem'),
    )
    return
  }
  result.replaceChildren(line('Checking…', ''))
  try {
    const check = await api(`/admin/api/check?${new URLSearchParams({ site, calendar, origin })}`)
    const view = visitorView(check)
    result.replaceChildren(
      line(`A visitor on ${check.origin} sees:`, view.sees, view.ok ? 'ok' : 'problem'),
      ...(view.console ? [line('The browser console says:', view.console)] : []),
      line('Calendar:', answer(check.calendar)),
      line('Free times:', answer(check.slots)),
    )
  } catch (error) {
    result.replaceChildren(line('The check failed:', error.message, 'problem'))
  }
}
