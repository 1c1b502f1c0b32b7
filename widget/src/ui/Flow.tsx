/**
 * The booking flow of one widget: the live region, the header saying what is booked, the current step, the
 * problem notice and the time zone. Each part is a component reading only the signals it shows, so a change
 * re-renders the parts that show it. The form, the confirmation and the zone combobox come with the parts that
 * load after the first screen (`s.parts`, see parts.ts); until then the field shows the zone, and a step whose
 * part is on its way a skeleton.
 */
import type { Actions } from '../actions.ts'
import type { State } from '../state.ts'
import { Header } from './Header.tsx'
import { MonthGrid } from './MonthGrid.tsx'
import { Slots } from './Slots.tsx'
import { ZoneField } from './ZoneField.tsx'

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

/** A step whose part is still on its way. */
const Pending = () => <div class="skeleton" aria-hidden="true" />

/** The header and the step the visitor is on, with the live region that announces loading and errors. */
export function Flow(props: Props) {
  const { s } = props
  const step = s.step.value
  const { Form = Pending, Done = Pending, Zone = ZoneField } = s.parts.value
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
          <Zone {...props} />
        </div>
      )}
      {step === 'form' && <Form {...props} />}
      {step === 'done' && <Done {...props} />}
    </div>
  )
}
