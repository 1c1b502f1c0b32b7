/** The widget's root: inline, or a button that opens the flow in a modal dialog (`data-mode="popup"`). */
import type { Config } from '../config.ts'
import type { BookingState } from '../state.ts'
import { Flow } from './Flow.tsx'

const themeClass = (theme: Config['theme']) => `root ${theme}`

/** The rendered widget for a validated configuration. */
export function Widget({ state, config }: { state: BookingState; config: Config }) {
  const lang = state.locale
  if (config.mode === 'inline') {
    return (
      <div part="container" class={themeClass(config.theme)} lang={lang}>
        <Flow state={state} />
      </div>
    )
  }
  const open = (e: Event) => {
    // The flow loads on first open, so a page view without interest costs the calendar no requests.
    state.begin()
    ;((e.currentTarget as Element).nextElementSibling as HTMLDialogElement).showModal()
  }
  const label = config.buttonText ?? state.t.open
  return (
    <div class={`${themeClass(config.theme)} popup`} lang={lang}>
      <button type="button" class="primary" part="open-button" aria-haspopup="dialog" onClick={open}>
        {label}
      </button>
      <dialog part="dialog" aria-label={state.info.value?.name ?? label}>
        <div part="container" class={themeClass(config.theme)}>
          <button
            type="button"
            class="close"
            aria-label={state.t.close}
            onClick={(e) => (e.currentTarget as Element).closest('dialog')!.close()}
          >
            ×
          </button>
          <Flow state={state} />
        </div>
      </dialog>
    </div>
  )
}

/** What a misconfigured widget shows in its place: every problem, each naming its attribute. */
export function ConfigError({ errors }: { errors: string[] }) {
  return (
    <div part="container" class="root" role="alert">
      <p>
        <strong>Booking widget cannot start</strong>
      </p>
      <ul>
        {errors.map((e) => (
          <li>{e}</li>
        ))}
      </ul>
    </div>
  )
}
