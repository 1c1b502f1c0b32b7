/** The chosen day's free times, in the visitor's zone, each with a full accessible name. */
import { dayKeyer, formatLongDay, formatTime, zoneName } from '../dates.ts'
import { fill } from '../i18n.ts'
import type { BookingState } from '../state.ts'

/** The slots of `state.day`, or why there are none. */
export function SlotList({ state }: { state: BookingState }) {
  const { t, locale } = state
  const day = state.day.value
  const zone = state.zone.value
  const month = state.month.value
  const days = state.days.value
  const monthFree = Object.keys(days).some((d) => d.startsWith(month) && days[d]!.length)
  const loaded = state.months.value[month] === 'ok'
  const slots = day ? (days[day] ?? []) : []
  const keyOf = dayKeyer(zone)

  return (
    <div>
      {day ? (
        <h3 id="slots" tabIndex={-1} data-focus="slots">
          {fill(t.timesOn, { date: formatLongDay(day, locale) })}
        </h3>
      ) : (
        loaded && !monthFree && <p class="muted">{t.none}</p>
      )}
      {day && (
        <ul class="slots" aria-labelledby="slots">
          {slots
            .filter((s) => keyOf(s.start) === day)
            .map((s) => {
              const time = formatTime(s.start, locale, zone, state.config.hourCycle)
              return (
                <li>
                  <button
                    type="button"
                    class="slot"
                    part="slot"
                    aria-label={`${time}, ${formatLongDay(day, locale)}, ${zoneName(zone, locale, s.start)}`}
                    onClick={() => state.selectSlot(s)}
                  >
                    {time}
                  </button>
                </li>
              )
            })}
        </ul>
      )}
      {day && !slots.length && <p class="muted">{t.none}</p>}
      <div class="actions">
        <button type="button" onClick={state.nextAvailable}>
          {t.nextAvailable}
        </button>
      </div>
    </div>
  )
}
