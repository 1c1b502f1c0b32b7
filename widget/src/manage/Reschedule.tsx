/**
 * Rescheduling: the booking flow's month grid beside the chosen day's free times, the booking's own time marked
 * among them; then the confirmation step (from, to), and the success screen.
 */
import type { Actions } from '../actions.ts'
import { dayKeyer, formatLongDay } from '../dates.ts'
import { fill } from '../i18n.ts'
import { MonthGrid } from '../ui/MonthGrid.tsx'
import { Manage } from './Manage.tsx'
import { Choices } from './Manage.tsx'
import { Card, Commit, Heading, Notice, When, type ManageProps } from './parts.tsx'

/** The chosen day's free times and, on its day, the booking's current time (not a choice: a mark). */
function Times({ ms, a }: ManageProps) {
  const { s } = ms
  const t = s.t.value
  const day = s.day.value
  const zone = s.zone.value
  const keyOf = dayKeyer(zone)
  const booking = ms.booking.value!
  const status = s.months.value[(day ?? s.month.value).slice(0, 7)]
  const loading = s.searching.value || (status !== 'ok' && status !== 'error')
  const free = day ? (s.days.value[day] ?? []).filter((slot) => keyOf(slot.start) === day) : []
  const current = day === keyOf(booking.start)
  const times = [...free, ...(current ? [booking] : [])].sort(
    (x, y) => Date.parse(x.start) - Date.parse(y.start),
  )
  const longDay = day ? formatLongDay(day, s.locale) : ''
  return (
    <div class="times">
      {day && (
        <h3 id="slots" tabIndex={-1} data-focus="slots">
          {fill(t.timesOn, { date: longDay })}
        </h3>
      )}
      {loading ? (
        <ul class="slots" aria-busy="true" aria-label={t.loadingTimes}>
          {[1, 2, 3].map(() => (
            <li class="skeleton slot-skeleton" />
          ))}
        </ul>
      ) : (
        <ul class="slots" aria-labelledby="slots">
          {times.map((slot) => {
            const time = s.time(slot.start)
            return slot === booking ? (
              <li class="current">
                <span class="slot">{time}</span>
                <span class="muted">{ms.m.value.currentTime}</span>
              </li>
            ) : (
              <li>
                <button
                  class="slot"
                  part="slot"
                  aria-label={s.zoned(s.dayTime(slot.start), slot.start)}
                  onClick={() => a.choose(slot)}
                >
                  {time}
                </button>
              </li>
            )
          })}
        </ul>
      )}
      {!loading && !free.length && <p class="muted">{t.noneDay}</p>}
      <button class="link" onClick={a.nextAvailable}>
        {t.nextAvailable}
      </button>
    </div>
  )
}

/** Choosing the new time. */
export function Pick(props: ManageProps) {
  const { ms, a } = props
  const { s } = ms
  // The grid calls only these three; manage mode's own versions keep its screens.
  const grid = a satisfies Pick<Actions, 'moveFocus' | 'page' | 'selectDay'> as unknown as Actions
  return (
    <div>
      <Heading>{ms.m.value.pickNewTime}</Heading>
      <Notice {...props} />
      <div class="cols">
        <MonthGrid s={s} a={grid} />
        <Times {...props} />
      </div>
      <button class="link" onClick={a.back}>
        {s.t.value.back}
      </button>
    </div>
  )
}

/** The confirmation step: from the booking's time to the chosen one. */
export function Confirm(props: ManageProps) {
  const { ms, a } = props
  const m = ms.m.value
  const booking = ms.booking.value!
  const slot = ms.s.slot.value!
  return (
    <div>
      <Heading>{m.confirmMove}</Heading>
      <dl class="card">
        <dt class="sr">{ms.s.t.value.what}</dt>
        <dd class="what">{booking.calendarName || booking.title}</dd>
        <dt>{m.from}</dt>
        <When ms={ms} start={booking.start} end={booking.end} />
        <dt>{m.to}</dt>
        <When ms={ms} start={slot.start} end={slot.end} />
      </dl>
      <Notice {...props} />
      <div class="actions">
        <Commit ms={ms} onClick={a.confirmMove} label={m.confirmNewTime} busyLabel={m.moving} />
        <button class="link" onClick={a.chooseOther}>
          {m.chooseOther}
        </button>
      </div>
    </div>
  )
}

/** The booking is moved: its new time, and what may still be done. */
export function Moved(props: ManageProps) {
  const { ms } = props
  return (
    <div class="done">
      <Tick />
      <Heading>{ms.m.value.moved}</Heading>
      <Card ms={ms} />
      <p>{ms.m.value.movedText}</p>
      <Choices {...props} />
    </div>
  )
}

/** The success mark of a done change. */
export const Tick = () => (
  <svg class="success" viewBox="0 0 48 48" aria-hidden="true">
    <circle cx="24" cy="24" r="22" />
    <path d="M14 25l7 7 13-15" />
  </svg>
)
