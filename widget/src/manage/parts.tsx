/**
 * What manage mode's screens share: the props, a screen's heading (where focus goes when the screen shows), the
 * booking's time in the visitor's zone, the booking's card, a problem's notice and a button that shows it is busy.
 */
import type { ComponentChildren } from 'preact'
import { dayKeyer, formatLongDay, zoneName } from '../dates.ts'
import type { ManageActions } from './actions.ts'
import type { ManageState } from './state.ts'

/** Every manage component's props: the state and the actions. */
export interface ManageProps {
  ms: ManageState
  a: ManageActions
}

/** A screen's heading: the target of focus when the visitor's action brings the screen. */
export const Heading = ({ children }: { children: ComponentChildren }) => (
  <h2 part="heading" tabIndex={-1} data-focus="heading">
    {children}
  </h2>
)

/** The long day and the times from `start` to `end` in the visitor's zone, named. */
export function When({ ms, start, end }: { ms: ManageState; start: string; end: string }) {
  const { s } = ms
  const zone = s.zone.value
  return (
    <dd>
      {formatLongDay(dayKeyer(zone)(start), s.locale)}
      <br />
      {s.time(start)} – {s.time(end)} ({zoneName(zone, s.locale, start)})
    </dd>
  )
}

/** The booking as it stands: what and when. */
export function Card({ ms }: { ms: ManageState }) {
  const booking = ms.booking.value!
  const t = ms.s.t.value
  return (
    <dl class="card">
      <dt class="sr">{t.what}</dt>
      <dd class="what">{booking.calendarName || booking.title}</dd>
      <dt>{t.when}</dt>
      <When ms={ms} start={booking.start} end={booking.end} />
    </dl>
  )
}

/** The last problem, with a retry when trying again can help. */
export function Notice({ ms, a }: ManageProps) {
  const { s } = ms
  const failure = s.failure.value
  const retrying =
    failure && ['offline', 'upstream_unavailable', 'internal', 'invalid_response'].includes(failure.code)
  return s.notice.value ? (
    <div class="notice" role="alert" tabIndex={-1} data-focus="notice">
      <p>{s.notice.value}</p>
      {retrying && ms.screen.value !== 'confirm' && ms.screen.value !== 'cancel' && (
        <button class="primary" part="button" onClick={a.retry}>
          {s.t.value.retry}
        </button>
      )}
    </div>
  ) : null
}

/** The button of a change: while it is on its way, busy (not disabled, which would drop focus), saying so. */
export function Commit({
  ms,
  onClick,
  label,
  busyLabel,
}: {
  ms: ManageState
  onClick: () => void
  label: string
  busyLabel: string
}) {
  const busy = ms.s.busy.value
  return (
    <button
      class="primary"
      part="button"
      aria-disabled={busy ? 'true' : undefined}
      aria-busy={busy ? 'true' : undefined}
      onClick={onClick}
    >
      {busy && <span class="spinner" aria-hidden="true" />}
      {busy ? busyLabel : label}
    </button>
  )
}
