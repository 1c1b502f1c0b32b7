/**
 * The booking flow of one widget: the live region, the header saying what is booked, the current step, the
 * problem notice and the time zone. Each part is a component reading only the signals it shows, so a change
 * re-renders the parts that show it.
 */
import type { Actions } from '../actions.ts'
import type { State } from '../state.ts'
import { BookingForm } from './BookingForm.tsx'
import { Confirmation } from './Confirmation.tsx'
import { Header } from './Header.tsx'
import { MonthGrid } from './MonthGrid.tsx'
import { Slots } from './Slots.tsx'
import { ZonePicker } from './ZonePicker.tsx'

/** Every component's props: the widget's state and actions. */
export interface Props {
  s: State
  a: Actions
}

/** Failures that trying again cannot fix (besides the site owner's, `setup`): the notice offers no retry. */
const FINAL = ['slot_taken', 'invalid_request']

/** The message of the last problem (or a taken slot), with a retry button when trying again can help. */
export function Notice({ s, a }: Props) {
  const notice = s.notice.value
  const failure = s.failure.value
  return notice ? (
    <div class="notice" role="alert" tabIndex={-1} data-focus="notice">
      <p>{notice}</p>
      {failure && !failure.extra.setup && !FINAL.includes(failure.code) && (
        <button class="primary" part="button" onClick={a.retry}>
          {s.t.value.retry}
        </button>
      )}
    </div>
  ) : null
}

/** A step that needs the calendar failed to load: what happened, and a retry when it can help. */
function Failed(props: Props) {
  const { s } = props
  // The site owner's problem is said once, as the heading: no detail the visitor could act on, no retry.
  return s.failure.value?.extra.setup ? (
    <h2 part="heading">{s.notice.value}</h2>
  ) : (
    <div>
      <h2 part="heading">{s.t.value.failed}</h2>
      <Notice {...props} />
    </div>
  )
}

/** The header and the step the visitor is on, with the live region that announces loading and errors. */
export function Flow(props: Props) {
  const { s } = props
  const step = s.step.value
  return (
    <div>
      <div role="status" class="sr">
        {s.announce.value}
      </div>
      {step !== 'done' && <Header {...props} />}
      {step === 'loading' && (
        <div class="cols" aria-hidden="true">
          <div class="skeleton grid-skeleton" />
          <div class="skeleton" />
        </div>
      )}
      {step === 'failed' && <Failed {...props} />}
      {step === 'pick' && (
        // Choosing a day and a time: the month grid beside the chosen day's times, and the zone.
        <div>
          <Notice {...props} />
          <div class="cols">
            <MonthGrid {...props} />
            <Slots {...props} />
          </div>
          <ZonePicker {...props} />
        </div>
      )}
      {step === 'form' && <BookingForm {...props} />}
      {step === 'done' && <Confirmation {...props} />}
    </div>
  )
}
