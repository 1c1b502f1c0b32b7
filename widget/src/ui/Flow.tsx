/**
 * The booking flow of one widget: the calendar's header, the current step, the live region, the problem notice
 * and the time zone. Parts are plain functions of the state, not components: the whole tree re-renders on any
 * change anyway (store.ts), and a component per part would cost bytes without saving work.
 */
import { timeZones } from '../dates.ts'
import type { BookingState } from '../state.ts'
import { renderConfirmation, renderForm } from './BookingForm.tsx'
import { renderMonthGrid, renderSlots } from './MonthGrid.tsx'

/** Failures that trying again cannot fix (besides the site owner's, `setup`): the notice offers no retry. */
const FINAL = ['slot_taken', 'invalid_request']

/** The message of the last problem (or a taken slot), with a retry button when trying again can help. */
export const renderNotice = ({ notice, failure, t, retry }: BookingState) =>
  notice && (
    <div class="notice" tabIndex={-1} data-focus="notice">
      <p>{notice}</p>
      {failure && !failure.extra.setup && !FINAL.includes(failure.code) && (
        <button class="primary" part="button" onClick={retry}>
          {t.retry}
        </button>
      )}
    </div>
  )

/** A zone id as people read it: `America/New York`. */
const readable = (zone: string) => zone.replace(/_/g, ' ')

/** The zone every time is shown in, always visible; a picker unless the site locked it. */
function renderZone(state: BookingState) {
  const { t, zone } = state
  const name = state.zoneName()
  return state.config.lockTimeZone ? (
    <p class="zone muted">
      {t.timeZone}: {readable(zone)} ({name})
    </p>
  ) : (
    <div class="zone">
      <label for="zone">{t.timeZone}</label>
      <select
        id="zone"
        aria-describedby="zone-name"
        value={zone}
        onChange={(e) => state.setZone(e.currentTarget.value)}
      >
        {timeZones(zone).map((z) => (
          <option value={z}>{readable(z)}</option>
        ))}
      </select>{' '}
      <span id="zone-name" class="muted">
        {name}
      </span>
    </div>
  )
}

/** The header and the step the visitor is on, with the live region that announces loading and errors. */
export function renderFlow(state: BookingState) {
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
      {step === 'failed' &&
        // The site owner's problem is said once, as the heading: no detail the visitor could act on, no retry.
        (state.failure?.extra.setup ? (
          <h2 tabIndex={-1} data-focus="failed">
            {state.notice}
          </h2>
        ) : (
          <div>
            <h2 tabIndex={-1} data-focus="failed">
              {state.t.failed}
            </h2>
            {renderNotice(state)}
          </div>
        ))}
      {step === 'pick' && (
        // Choosing a day and a time: the month grid beside the chosen day's times, and the zone.
        <div>
          {renderNotice(state)}
          <div class="cols">
            {renderMonthGrid(state)}
            {renderSlots(state)}
          </div>
          {renderZone(state)}
        </div>
      )}
      {step === 'form' && renderForm(state)}
      {step === 'done' && renderConfirmation(state)}
    </div>
  )
}
