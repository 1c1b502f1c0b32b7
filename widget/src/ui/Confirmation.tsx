/** The last step: what was booked, in the visitor's zone, with calendar links. */
import { dayKeyer, formatLongDay, formatTime, zoneName } from '../dates.ts'
import { bookingIcs, googleCalendarUrl, icsHref } from '../ics.ts'
import type { BookingState } from '../state.ts'

/** The booking's summary, an "add to Google Calendar" link and an .ics download. */
export function Confirmation({ state }: { state: BookingState }) {
  const { t, locale } = state
  const booking = state.booking.value!
  const zone = state.zone.value
  const hourCycle = state.config.hourCycle
  const when = `${formatLongDay(dayKeyer(zone)(booking.start), locale)}, ${formatTime(booking.start, locale, zone, hourCycle)} – ${formatTime(booking.end, locale, zone, hourCycle)} (${zoneName(zone, locale, booking.start)})`
  const description = state.info.value?.description || booking.title
  return (
    <div>
      <h3 tabIndex={-1} data-focus="done">
        {t.booked}
      </h3>
      <p>
        {booking.title}: {when}
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
