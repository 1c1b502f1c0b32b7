/** The widget's root: inline, or a button that opens the flow in a modal dialog (`data-mode="popup"`). */
import type { ComponentChild } from 'preact'
import type { BookingState } from '../state.ts'
import { Flow } from './Flow.tsx'

/** The rendered widget for a validated configuration. */
export function Widget({ state }: { state: BookingState }) {
  const { config } = state
  const root = `root ${config.theme}`
  const container = (close?: ComponentChild) => (
    <div part="container" class={root} lang={state.locale}>
      {close}
      <Flow state={state} />
    </div>
  )
  if (config.mode === 'inline') return container()
  const label = config.buttonText ?? state.t.open
  return (
    <div class={`${root} popup`} lang={state.locale}>
      <button
        type="button"
        class="primary"
        part="open-button"
        aria-haspopup="dialog"
        onClick={(e) => {
          // The flow loads on first open, so a page view without interest costs the calendar no requests.
          state.begin()
          ;(e.currentTarget.nextElementSibling as HTMLDialogElement).showModal()
        }}
      >
        {label}
      </button>
      <dialog part="dialog" aria-label={state.info?.name ?? label}>
        {container(
          <button
            type="button"
            class="close"
            aria-label={state.t.close}
            onClick={(e) => e.currentTarget.closest('dialog')!.close()}
          >
            ×
          </button>,
        )}
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
