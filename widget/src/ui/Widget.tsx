/**
 * The widget's root: inline, or a button that opens the flow in a modal dialog (`data-mode="popup"`). It and the
 * components of the first screen use no hooks: the first screen draws them without Preact (first-screen.ts).
 */
import type { Props } from './Flow.tsx'
import { Flow } from './Flow.tsx'

/** The dialog around the element `from` (the close button, or anything inside the dialog). */
const dialogOf = (from: EventTarget | null) => (from as Element).closest('dialog')!

/** The rendered widget for a validated configuration. */
export function Widget(props: Props) {
  const { s, a } = props
  const config = s.config.value
  const t = s.t.value

  const root = `root ${config.theme}`
  const container = (close?: boolean) => (
    <div part="container" class={root} lang={s.locale} dir={s.dir}>
      {close && (
        <button class="close" aria-label={t.close} onClick={(e) => dialogOf(e.currentTarget).close()}>
          <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
            <path d="M6 6l12 12M18 6L6 18" />
          </svg>
        </button>
      )}
      <Flow {...props} />
    </div>
  )
  if (config.mode === 'inline') return container()
  // The button is the one thing a popup shows before loading: it waits for its language, never flashing English.
  if (!s.wordsReady.value) return null
  const label = config.buttonText ?? t.open
  return (
    <div class={`launcher ${config.theme}`} lang={s.locale} dir={s.dir}>
      <button
        class="primary"
        part="open-button"
        aria-haspopup="dialog"
        onClick={(e) => {
          a.setOpen(true)
          ;(e.currentTarget.nextElementSibling as HTMLDialogElement).showModal()
        }}
      >
        {label}
      </button>
      <dialog
        part="dialog"
        aria-label={s.info.value?.name ?? label}
        // Escape and the close button end in `close`; a press on the backdrop (the dialog itself) closes too.
        onClose={() => a.setOpen(false)}
        onClick={(e) => e.target === e.currentTarget && e.currentTarget.close()}
      >
        {container(true)}
      </dialog>
    </div>
  )
}

/** What a misconfigured widget shows in its place: every problem, each naming its attribute. */
export const ConfigError = ({ errors }: { errors: string[] }) => (
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
