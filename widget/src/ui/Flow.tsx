/** The booking flow of one widget: the calendar's header and the current step. */
import type { BookingState } from '../state.ts'
import { BookingForm } from './BookingForm.tsx'
import { Confirmation } from './Confirmation.tsx'
import { MonthGrid } from './MonthGrid.tsx'
import { Notice } from './Notice.tsx'
import { SlotList } from './SlotList.tsx'
import { ZonePicker } from './ZonePicker.tsx'

/** The header and the step the visitor is on, with the live region that announces loading and errors. */
export function Flow({ state }: { state: BookingState }) {
  const { step, info } = state
  return (
    <div>
      <div role="status" class="sr">
        {state.announce}
      </div>
      {info && (
        <div>
          <h2>{info.name}</h2>
          <p class="muted">
            {new Intl.NumberFormat(state.locale, {
              style: 'unit',
              unit: 'minute',
              unitDisplay: 'long',
            }).format(info.durationMinutes)}
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
      {step === 'pick' && (
        // Choosing a day and a time: the month grid beside the chosen day's times, and the zone.
        <div>
          <Notice state={state} />
          <div class="cols">
            <MonthGrid state={state} />
            <SlotList state={state} />
          </div>
          <ZonePicker state={state} />
        </div>
      )}
      {step === 'form' && <BookingForm state={state} />}
      {step === 'done' && <Confirmation state={state} />}
    </div>
  )
}
