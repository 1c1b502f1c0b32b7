/** The last step: what was booked, in the visitor's zone, with calendar links. */
import { dayKeyer, formatLongDay } from '../dates.ts'
import { bookingIcs, googleCalendarUrl, icsHref } from '../ics.ts'
import type { BookingState } from '../state.ts'

/** The booking's summary, an "add to Google Calendar" link and an .ics download. */
export function Confirmation({ state }: { state: BookingState }) {
  const { t } = state
  const booking = state.booking!
  const { start, title } = booking
  const description = state.info?.description || title
  return (
    <div>
      <h3 tabIndex={-1} data-focus="done">
        {t.booked}
      </h3>
      <p>
        {title}: {formatLongDay(dayKeyer(state.zone)(start), state.locale)}, {state.time(start)} –{' '}
        {state.time(booking.end)} ({state.zoneName(start)})
      </p>
      <div class="actions">
        <a href={googleCalendarUrl(booking, description)} target="_blank" rel="noopener noreferrer">
          {t.addGoogle}
        </a>
        <a href={icsHref(bookingIcs(booking, description))} download="appointment.ics">
          {t.ics}
        </a>
      </div>
    </div>
  )
}
