/**
 * Cancelling: the booking, an optional reason for the business, and the confirmation step in one screen (the
 * summary's "Cancel" only opens it); then the success screen, with the way back to booking.
 */
import { CANCEL_REASON_MAX } from './state.ts'
import { bookingPage } from './Manage.tsx'
import { Card, Commit, Heading, Notice, type ManageProps } from './parts.tsx'
import { Tick } from './Reschedule.tsx'

/** The question, the booking, the reason and the two answers. */
export function Cancel(props: ManageProps) {
  const { ms, a } = props
  const m = ms.m.value
  const t = ms.s.t.value
  return (
    <div>
      <Heading>{m.cancelQuestion}</Heading>
      <Card ms={ms} />
      <div class="field">
        <label for="reason">
          {m.reason} <span class="muted">{t.optional}</span>
        </label>
        <textarea
          id="reason"
          part="input"
          rows={3}
          maxLength={CANCEL_REASON_MAX}
          value={ms.reason.value}
          onInput={(e) => a.setReason(e.currentTarget.value)}
        />
      </div>
      <Notice {...props} />
      <div class="actions">
        <Commit ms={ms} onClick={a.confirmCancel} label={m.confirmCancel} busyLabel={m.cancelling} />
        <button part="button" onClick={a.back}>
          {m.keep}
        </button>
      </div>
    </div>
  )
}

/** The booking is cancelled; the page without the link books afresh. */
export function Cancelled({ ms }: ManageProps) {
  const m = ms.m.value
  return (
    <div class="done">
      <Tick />
      <Heading>{m.cancelled}</Heading>
      <Card ms={ms} />
      <p>{m.cancelledText}</p>
      <div class="actions">
        <a class="chip" href={bookingPage()}>
          {m.bookNew}
        </a>
      </div>
    </div>
  )
}
