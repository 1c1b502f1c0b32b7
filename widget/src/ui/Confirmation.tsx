/**
 * The confirmation: a clear success, a summary of what was booked (when in the visitor's zone and, when it
 * differs, the business's), what happens next, links to add it to a calendar, the booking's link to reschedule or
 * cancel it (when the site sets `manageUrl`), and "book another time".
 */
import type { Booking } from '../../../contract/schemas.ts'
import { dayKeyer, formatLongDay, zoneName } from '../dates.ts'
import { zoneOffset } from '../zones.ts'
import { bookingIcs, googleCalendarUrl, icsDate, icsHref } from '../ics.ts'
import { fill, fillNodes } from '../i18n.ts'
import type { Props } from './Flow.tsx'

/** An Outlook on the web link that opens a new event filled with the booking. */
export const outlookCalendarUrl = (booking: Booking, description: string): string =>
  `https://outlook.live.com/calendar/0/action/compose?${new URLSearchParams({
    rru: 'addevent',
    subject: booking.title,
    startdt: new Date(booking.start).toISOString(),
    enddt: new Date(booking.end).toISOString(),
    body: description,
  })}`

/** The confirmation of `s.booking`. */
export function Confirmation({ s, a }: Props) {
  const t = s.t.value
  const booking = s.booking.value!
  const info = s.info.value
  const { locale } = s
  const zone = s.zone.value
  const { start, end, title } = booking
  const manageUrl = booking.manageUrl
  // The booking's link goes into the calendar entry too: it is where a visitor looks when plans change.
  const description = [info?.description || title, manageUrl && `${t.manage}: ${manageUrl}`]
    .filter(Boolean)
    .join('\n\n')
  const business = info?.timeZone
  const config = s.config.value
  // The business's time is said too when its clock differs from the visitor's at that moment.
  const at = Date.parse(start)
  const otherZone = business && zoneOffset(business, at) !== zoneOffset(zone, at)
  // The site's own words (data-confirmation-text) win; the seam for a text from the sites file later.
  // The e-mail is isolated: its direction never mixes with a right-to-left sentence around it.
  const next = config.confirmationText ?? fillNodes(t.nextText, { email: <bdi>{s.values.value.email}</bdi> })
  return (
    <div class="done">
      <svg class="success" viewBox="0 0 48 48" aria-hidden="true">
        <circle cx="24" cy="24" r="22" />
        <path d="M14 25l7 7 13-15" />
      </svg>
      <h2 part="heading" tabIndex={-1} data-focus="done">
        {t.booked}
      </h2>
      <dl class="card">
        <dt class="sr">{t.what}</dt>
        <dd class="what">{info?.name ?? title}</dd>
        <dt>{t.when}</dt>
        <dd>
          {formatLongDay(dayKeyer(zone)(start), locale)}
          <br />
          {s.zoned(`${s.time(start)} – ${s.time(end)}`, start)}
          {otherZone && (
            <span class="muted block">
              {fill(t.businessTime, {
                time: s.dayTime(start, business),
                zone: zoneName(business, locale, start),
              })}
            </span>
          )}
        </dd>
        {info && [<dt>{t.duration}</dt>, <dd>{s.minutes(info.durationMinutes)}</dd>]}
      </dl>
      <h3>{t.nextSteps}</h3>
      <p>{next}</p>
      <h3>{t.addToCalendar}</h3>
      <div class="actions">
        <a class="chip" href={googleCalendarUrl(booking, description)} target="_blank" rel="noreferrer">
          {t.google}
        </a>
        <a class="chip" href={outlookCalendarUrl(booking, description)} target="_blank" rel="noreferrer">
          {t.outlook}
        </a>
        <a
          class="chip"
          href={icsHref(bookingIcs(booking, description, s.now()))}
          download={`appointment-${icsDate(start)}.ics`}
        >
          {t.ics}
        </a>
      </div>
      {manageUrl && (
        <p>
          <a href={manageUrl} part="manage-link">
            {t.manage}
          </a>
        </p>
      )}
      <div class="actions again">
        <button class="primary" part="button" onClick={a.again}>
          {t.another}
        </button>
      </div>
    </div>
  )
}
