// The builder's client of the proxy's admin API: the admin token, kept for this tab only, and requests with it.

const KEY = 'ghl-booking-admin-token'

/** The API refused the token (or got none): the page asks for it. */
export class NeedsToken extends Error {}

/**
 * A token given in the address as `#token=...` is taken once: a fragment never reaches a server or its logs. It
 * is kept in this tab's sessionStorage and removed from the address bar, so it is not bookmarked or shared.
 */
export function takeTokenFromAddress() {
  const match = /(?:^#|&)token=([^&]*)/.exec(location.hash)
  if (!match) return
  sessionStorage.setItem(KEY, decodeURIComponent(match[1]))
  history.replaceState(null, '', location.pathname + location.search)
}

/** Keeps `token` for this tab. */
const keepToken = (token) => sessionStorage.setItem(KEY, token.trim())

/** GETs an admin API path with the token; rejects with NeedsToken on 400/401, with an Error otherwise. */
export async function api(path) {
  const token = sessionStorage.getItem(KEY)
  const response = await fetch(path, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    cache: 'no-store',
  })
  const body = await response.json().catch(() => ({}))
  if (response.status === 401 || response.status === 400) {
    // A refused token is forgotten, so the next attempt asks again.
    if (token && response.status === 401) sessionStorage.removeItem(KEY)
    throw new NeedsToken(body.error?.message ?? 'The admin token is needed.')
  }
  if (!response.ok) throw new Error(body.error?.message ?? `The proxy answered ${response.status}.`)
  return body
}

/** Shows the token form until the API accepts a token, then resolves with `load()`'s result. */
export async function withToken(load, form, problem) {
  for (;;) {
    // Without a token yet there is nothing wrong to report: the form just asks for one.
    const sent = sessionStorage.getItem(KEY) !== null
    try {
      const result = await load()
      form.hidden = true
      return result
    } catch (error) {
      if (!(error instanceof NeedsToken)) throw error
      problem.textContent = sent ? error.message : ''
      form.hidden = false
      form.elements.token.focus()
      await new Promise((resolve) =>
        form.addEventListener(
          'submit',
          (event) => {
            event.preventDefault()
            keepToken(form.elements.token.value)
            form.elements.token.value = ''
            resolve()
          },
          { once: true },
        ),
      )
    }
  }
}
