/** The booking flow of one widget: the calendar's header and the current step. */
import type { BookingState } from '../state.ts'
import { BookingForm } from './BookingForm.tsx'
import { Confirmation } from './Confirmation.tsx'
import { Notice } from './Notice.tsx'
import { Picker } from './Picker.tsx'

/** The header and the step the visitor is on, with the live region that announces loading and errors. */
export function Flow({ state }: { state: BookingState }) {
  const step = state.step.value
  const info = state.info.value
  const minutes =
    info && new Intl.NumberFormat(state.locale, { style: 'unit', unit: 'minute', unitDisplay: 'long' })
  return (
    <div>
      <div role="status" class="sr">
        {state.announce.value}
      </div>
      {info && (
        <div>
          <h2>{info.name}</h2>
          <p class="muted">
            {minutes!.format(info.durationMinutes)}
            {info.description && ` · ${info.description}`}
          </p>
        </div>
      )}
      {step === 'loading' && <div class="skeleton" aria-hidden="true" />}
      {step === 'failed' && (
        <div>
          <h2 tabIndex={-1} data-focus="failed">
            {state.t.failed}
          </h2>
          <Notice state={state} />
        </div>
      )}
      {step === 'pick' && <Picker state={state} />}
      {step === 'form' && <BookingForm state={state} />}
      {step === 'done' && <Confirmation state={state} />}
    </div>
  )
}
