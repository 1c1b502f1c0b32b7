/**
 * The chosen day's free times, each with a full accessible name, or why there are none, and the jump to the
 * next free time. While the day's month is on its way the list is a skeleton, never the previous day's times.
 */
import { dayKeyer, formatLongDay } from '../dates.ts'
import { fill } from '../i18n.ts'
import type { Props } from './Flow.tsx'

/** The times of the chosen day. */
export function Slots({ s, a }: Props) {
  const t = s.t.value
  const day = s.day.value
  const month = s.month.value
  const days = s.days.value
  const zone = s.zone.value
  const months = s.months.value
  const keyOf = dayKeyer(zone)
  const status = months[(day ?? month).slice(0, 7)]
  const loading = s.searching.value || (status !== 'ok' && status !== 'error')
  const slots = day ? (days[day] ?? []).filter((slot) => keyOf(slot.start) === day) : []
  const none =
    !loading && (day ? !slots.length : !Object.keys(days).some((d) => d.startsWith(month) && days[d]!.length))

  return (
    <div class="times">
      {day && (
        <h3 id="slots" tabIndex={-1} data-focus="slots">
          {fill(t.timesOn, { date: formatLongDay(day, s.locale) })}
        </h3>
      )}
      {loading ? (
        <ul class="slots" aria-busy="true" aria-label={t.loadingTimes}>
          {[1, 2, 3].map(() => (
            <li class="skeleton slot-skeleton" />
          ))}
        </ul>
      ) : (
        day && (
          <ul class="slots" aria-labelledby="slots">
            {slots.map((slot) => {
              return (
                <li>
                  <button
                    class="slot"
                    part="slot"
                    aria-label={s.zoned(s.dayTime(slot.start), slot.start)}
                    onClick={() => a.selectSlot(slot)}
                  >
                    {s.time(slot.start)}
                  </button>
                </li>
              )
            })}
          </ul>
        )
      )}
      {none && <p class="muted">{day ? t.noneDay : t.none}</p>}
      <button class="link" onClick={a.nextAvailable}>
        {t.nextAvailable}
      </button>
    </div>
  )
}
