/** The widget's root: inline, or a button that opens the flow in a modal dialog (`data-mode="popup"`). */
import type { ComponentChild } from 'preact'
import type { BookingState } from '../state.ts'
import { renderFlow } from './Flow.tsx'

/** The rendered widget for a validated configuration. */
export function renderWidget(state: BookingState) {
  const { config, t, locale } = state
  const root = `root ${config.theme}`
  const container = (close?: ComponentChild) => (
    <div part="container" class={root} lang={locale}>
      {close}
      {renderFlow(state)}
    </div>
  )
  if (config.mode === 'inline') return container()
  // The button is the one thing a popup shows before loading: it waits for its language, never flashing English.
  if (!state.wordsReady) return null
  const label = config.buttonText ?? t.open
  return (
    <div class={`${root} popup`} lang={locale}>
      <button
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
            class="close"
            aria-label={t.close}
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
export const renderConfigError = (errors: string[]) => (
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
