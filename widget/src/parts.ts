/**
 * The parts of the widget that load only when a visitor gets to them: the form (with the Turnstile challenge)
 * once a day is chosen, the confirmation (with the `.ics` file) while a booking is on its way. Each is its own
 * module, fetched from the widget's own origin; the flow shows a part once it is in (state.ts, `parts`).
 */
import { Failure } from './api.ts'
import type { State } from './state.ts'

/** A part's name: `form` or `done`. */
export type PartName = 'form' | 'done'

/**
 * Loads a part into `s.parts` (at once when it is already in). A part that cannot load rejects with `offline`:
 * the visitor may try again, which fetches it again.
 */
export function loadPart(s: State, name: PartName): Promise<void> {
  const have = s.parts.peek()
  if (name === 'form' ? have.Form : have.Done) return Promise.resolve()
  const loaded =
    name === 'form'
      ? import('./ui/BookingForm.tsx').then(({ BookingForm, createChallenge }) => ({
          Form: BookingForm,
          // One challenge per widget: its token belongs to this widget's booking.
          challenge:
            s.parts.peek().challenge ??
            createChallenge({
              siteKey: () => s.info.peek()?.form.turnstileSiteKey,
              theme: () => s.config.peek().theme,
            }),
        }))
      : import('./ui/Confirmation.tsx').then(({ Confirmation }) => ({ Done: Confirmation }))
  return loaded.then(
    (part) => {
      s.parts.value = { ...s.parts.peek(), ...part }
    },
    () => {
      throw new Failure('offline', 'Part of the widget did not load')
    },
  )
}
