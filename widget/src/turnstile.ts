/**
 * Cloudflare Turnstile in the widget, only for a calendar whose `form.turnstileSiteKey` is set (its proxy wants a
 * solved challenge with each booking): Cloudflare's script is loaded then, once per page, and never otherwise.
 * The challenge renders in an element of the host page (a child of the widget's host element) that the form shows
 * through a `<slot>`: Turnstile puts its iframe in a shadow tree of its own and is not made to run inside another.
 * The secret stays with the proxy; the widget only ever holds the site key and the token.
 */
import { signal } from '@preact/signals'

/** Cloudflare's script, for explicit rendering. */
export const TURNSTILE_SCRIPT = 'https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit'

/** The name of the slot the challenge shows in. */
export const CHALLENGE_SLOT = 'ghl-booking-challenge'

/** The part of Cloudflare's `window.turnstile` the widget uses. */
export interface TurnstileApi {
  render(container: HTMLElement, options: Record<string, unknown>): string | null | undefined
  reset(widgetId: string): void
  remove(widgetId: string): void
}

let loading: Promise<TurnstileApi> | undefined

/** `window.turnstile`: the page's own when it has one, else from Cloudflare's script, added once per page. */
function loadTurnstile(): Promise<TurnstileApi> {
  const page = window as { turnstile?: TurnstileApi }
  if (page.turnstile) return Promise.resolve(page.turnstile)
  return (loading ??= new Promise<TurnstileApi>((resolve, reject) => {
    const script = document.createElement('script')
    script.src = TURNSTILE_SCRIPT
    script.async = true
    script.onload = () => resolve(page.turnstile!)
    script.onerror = () => {
      // A later form may try again (the network came back, or the page's CSP was fixed).
      loading = undefined
      script.remove()
      reject()
    }
    document.head.append(script)
  }))
}

/** Options of {@link createChallenge}. */
export interface ChallengeOptions {
  /** The calendar's site key, once it is known; none: no challenge. */
  siteKey: () => string | undefined
  /** `light`, `dark` or `auto`, as the widget's own theme. */
  theme: () => string
}

/** The challenge of one widget: its token, and the ref of the `<slot>` that shows it. */
export function createChallenge({ siteKey, theme }: ChallengeOptions) {
  let box: HTMLElement | undefined
  let api: TurnstileApi | undefined
  let widgetId: string | undefined

  const set = (token = '') => {
    challenge.token.value = token
    if (token) challenge.missing.value = false
  }

  const challenge = {
    /** The token of the solved challenge; '' until it is solved, and again once it expired or was used. */
    token: signal(''),
    /** True after a submit without a token: the form asks for the challenge. */
    missing: signal(false),
    /** The `ref` of the slot: renders the challenge when the form appears, removes it when the form goes. */
    ref(slot: HTMLSlotElement | null) {
      if (!slot) {
        if (api && widgetId) api.remove(widgetId)
        box?.remove()
        box = widgetId = undefined
        challenge.token.value = ''
        return
      }
      const key = siteKey()
      if (box || !key) return
      const mine = (box = document.createElement('div'))
      mine.slot = CHALLENGE_SLOT
      ;((slot.getRootNode() as ShadowRoot).host as HTMLElement).append(mine)
      loadTurnstile().then(
        (turnstile) => {
          // The form may have gone while the script loaded.
          if (box !== mine) return
          api = turnstile
          widgetId =
            turnstile.render(mine, {
              sitekey: key,
              theme: theme(),
              callback: set,
              'expired-callback': () => set(),
              // Without an error callback Turnstile throws; it retries by itself, so only the token goes.
              'error-callback': () => (set(), true),
            }) ?? undefined
        },
        () =>
          console.error(
            'GHL booking widget: Cloudflare Turnstile did not load (a Content-Security-Policy must allow https://challenges.cloudflare.com in script-src and frame-src)',
          ),
      )
    },
    /** A new challenge: the token was used by a booking attempt that will not be repeated as it was. */
    reset() {
      challenge.token.value = ''
      if (api && widgetId) api.reset(widgetId)
    },
  }
  return challenge
}

/** The challenge of a widget, as the form uses it. */
export type Challenge = ReturnType<typeof createChallenge>
