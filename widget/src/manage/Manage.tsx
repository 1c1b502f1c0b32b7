/**
 * Manage mode's root: the live region and the screen the visitor is on. The summary shows the booking, when it
 * can still be changed online, and "Reschedule" and "Cancel" as the calendar's rules allow (or why not).
 */
import { MANAGE_LINK_PARAM } from '../../../contract/manage-link.ts'
import { dayKeyer, formatLongDay } from '../dates.ts'
import { fill } from '../i18n.ts'
import { Cancel, Cancelled } from './Cancel.tsx'
import { Card, Heading, Notice, type ManageProps } from './parts.tsx'
import { Confirm, Moved, Pick } from './Reschedule.tsx'

/** This page without the link's token: the widget there books afresh. */
export const bookingPage = () => {
  const url = new URL(location.href)
  url.searchParams.delete(MANAGE_LINK_PARAM)
  return url.href
}

/** "Reschedule" and "Cancel" as allowed, each refusal said once; when changes are possible, until when. */
export function Choices({ ms, a }: ManageProps) {
  const booking = ms.booking.value!
  const m = ms.m.value
  const { s } = ms
  const deadline = booking.changeDeadline
  const why = [booking.rescheduleRefusal, booking.cancelRefusal]
    .filter((refusal) => !!refusal)
    .map((refusal) => m[refusal.code as keyof typeof m] ?? refusal.message)
  const can = booking.canReschedule || booking.canCancel
  return (
    <div>
      {[...new Set(why)].map((text) => (
        <p>{text}</p>
      ))}
      {can && !Number.isNaN(Date.parse(deadline)) && (
        <p class="muted">
          {fill(m.changeUntil, {
            time: `${formatLongDay(dayKeyer(s.zone.value)(deadline), s.locale)}, ${s.time(deadline)}`,
          })}
        </p>
      )}
      <div class="actions">
        {booking.canReschedule && (
          <button class="primary" part="button" onClick={a.reschedule}>
            {m.reschedule}
          </button>
        )}
        {booking.canCancel && (
          <button part="button" onClick={a.cancel}>
            {m.cancel}
          </button>
        )}
      </div>
    </div>
  )
}

/** The booking and what the visitor may do with it. */
function Summary(props: ManageProps) {
  return (
    <div>
      <Heading>{props.ms.m.value.yourAppointment}</Heading>
      <Notice {...props} />
      <Card ms={props.ms} />
      <Choices {...props} />
    </div>
  )
}

/** The current screen with the live region that announces each change. */
export function Manage(props: ManageProps) {
  const { ms } = props
  const { s } = ms
  const screen = ms.screen.value
  const config = s.config.value
  return (
    <div part="container" class={`root ${config.theme}`} lang={s.locale} dir={s.dir}>
      <div role="status" class="sr">
        {s.announce.value}
      </div>
      {screen === 'loading' && <div class="skeleton grid-skeleton" aria-hidden="true" />}
      {screen === 'failed' && (
        <div>
          <Heading>{s.t.value.failed}</Heading>
          <Notice {...props} />
        </div>
      )}
      {screen === 'refused' && (
        <div>
          <Heading>{ms.refusal.value}</Heading>
          <a class="chip" href={bookingPage()}>
            {ms.m.value.bookNew}
          </a>
        </div>
      )}
      {screen === 'summary' && <Summary {...props} />}
      {screen === 'pick' && <Pick {...props} />}
      {screen === 'confirm' && <Confirm {...props} />}
      {screen === 'moved' && <Moved {...props} />}
      {screen === 'cancel' && <Cancel {...props} />}
      {screen === 'cancelled' && <Cancelled {...props} />}
    </div>
  )
}
