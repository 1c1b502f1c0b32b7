/**
 * The HTML of the sandbox's Marketplace authorize page (`GET /v2/oauth/chooselocation`): the accounts one can
 * install the app on, each a submit button of one form that posts the authorize parameters back. Self-contained
 * (inline CSS, no script, no external resource); everything echoed from the request is escaped.
 */
import { OAUTH_ACCOUNTS } from './oauth-ids.ts'

/** The authorize parameters the form carries back. */
export interface AuthorizeParams {
  client_id: string
  redirect_uri: string
  response_type: string
  scope?: string
  state?: string
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Escapes text for an HTML element or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!)
}

const STYLE = `
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { margin: 0; background: Canvas; color: CanvasText; }
  main { max-width: 28rem; margin: 3rem auto; padding: 0 1rem; }
  h1 { font-size: 1.4rem; }
  fieldset { border: 0; padding: 0; margin: 0; display: grid; gap: .5rem; }
  legend { font-weight: 600; margin-bottom: .5rem; }
  button { display: grid; text-align: start; gap: .15rem; padding: .75rem 1rem; border: 1px solid GrayText;
    border-radius: .5rem; background: Canvas; color: CanvasText; font: inherit; cursor: pointer; }
  button:hover { border-color: #155eef; }
  button:focus-visible { outline: 3px solid #155eef; outline-offset: 2px; }
  .kind { font-size: .85rem; color: GrayText; }
  ul { padding-inline-start: 1.2rem; }
`

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`
}

/** The page listing the agency and its locations; `appName` names the app asking. */
export function chooseLocationPage(params: AuthorizeParams, appName: string): string {
  const hidden = Object.entries(params)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value!)}">`)
    .join('\n')
  const scopes = (params.scope ?? '').split(' ').filter(Boolean)
  const scopeList = scopes.length
    ? `<p>It asks for:</p>\n<ul>${scopes.map((s) => `<li><code>${escapeHtml(s)}</code></li>`).join('')}</ul>`
    : ''
  const buttons = OAUTH_ACCOUNTS.map(
    (a) =>
      `<button type="submit" name="account" value="${escapeHtml(a.id)}">` +
      `<span class="name">${escapeHtml(a.name)}</span>` +
      `<span class="kind">${a.userType === 'Company' ? 'Agency: every location' : 'Sub-account'}</span></button>`,
  ).join('\n')
  return page(
    `Choose an account: ${appName}`,
    `<h1>Install ${escapeHtml(appName)}</h1>
<p>Choose the account to connect. The app gets access to it until you uninstall it.</p>
${scopeList}
<form method="post">
${hidden}
<fieldset>
<legend>Choose an account</legend>
${buttons}
</fieldset>
</form>`,
  )
}

/** The error page shown instead of a redirect when the authorize request is wrong. */
export function authorizeErrorPage(message: string): string {
  return page(
    'Authorization error',
    `<h1>Authorization error</h1>\n<p role="alert">${escapeHtml(message)}</p>`,
  )
}
