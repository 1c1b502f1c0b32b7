/** The chosen day's free times, in the visitor's zone, each with a full accessible name. */
import { dayKeyer, formatLongDay } from '../dates.ts'
import { fill } from '../i18n.ts'
import type { BookingState } from '../state.ts'

/** The slots of `state.day`, or why there are none. */
export function SlotList({ state }: { state: BookingState }) {
  const { t, day, month, days } = state
  const keyOf = dayKeyer(state.zone)
  const slots = day ? (days[day] ?? []).filter((s) => keyOf(s.start) === day) : []
  const longDay = day && formatLongDay(day, state.locale)
  const none = day
    ? !slots.length
    : state.months[month] === 'ok' && !Object.keys(days).some((d) => d.startsWith(month) && days[d]!.length)

  return (
    <div>
      {day && (
        <h3 id="slots" tabIndex={-1} data-focus="slots">
          {fill(t.timesOn, { date: longDay! })}
        </h3>
      )}
      {day && (
        <ul class="slots" aria-labelledby="slots">
          {slots.map((s) => {
            const time = state.time(s.start)
            return (
              <li>
                <button
                  type="button"
                  class="slot"
                  part="slot"
                  aria-label={`${time}, ${longDay}, ${state.zoneName(s.start)}`}
                  onClick={() => state.selectSlot(s)}
                >
                  {time}
                </button>
              </li>
            )
          })}
        </ul>
      )}
      {none && <p class="muted">{t.none}</p>}
      <div class="actions">
        <button type="button" onClick={state.nextAvailable}>
          {t.nextAvailable}
        </button>
      </div>
    </div>
  )
}
