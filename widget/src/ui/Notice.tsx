/** The message of the last problem (or a taken slot), with a retry button when trying again can help. */
import type { BookingState } from '../state.ts'

const FINAL = ['slot_taken', 'invalid_request', 'unknown_site', 'unknown_calendar', 'origin_not_allowed']

/** Shows `state.notice`; renders nothing when there is none. */
export function Notice({ state }: { state: BookingState }) {
  const { notice, failure } = state
  return notice ? (
    <div class="notice" tabIndex={-1} data-focus="notice">
      <p>{notice}</p>
      {failure && !FINAL.includes(failure.code) && (
        <button type="button" class="primary" part="button" onClick={state.retry}>
          {state.t.retry}
        </button>
      )}
    </div>
  ) : null
}
