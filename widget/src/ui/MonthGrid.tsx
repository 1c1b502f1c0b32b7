/**
 * Choosing a day and a time. The month grid follows the WAI-ARIA APG date picker grid: one tab stop, arrows
 * move by day and week, Home/End to the week's ends, PageUp/PageDown by month (with Shift by year), all within
 * today and the last bookable day; days with free slots are marked. Beside it, the chosen day's times, each with a full accessible name.
 */
import {
  addDays,
  addMonths,
  dayKeyer,
  formatDay,
  formatLongDay,
  formatMonth,
  lastDayOf,
  localeWeekStart,
  monthWeeks,
  weekday,
} from '../dates.ts'
import { fill } from '../i18n.ts'
import type { BookingState } from '../state.ts'

/** The same day of the month `n` months on, clamped to that month's length. */
const shiftMonths = (date: string, n: number): string => {
  const month = addMonths(date.slice(0, 7), n)
  const last = lastDayOf(month)
  const same = `${month}-${date.slice(8)}`
  return same > last ? last : same
}

/** The grid of the displayed month with its navigation. */
export function renderMonthGrid(state: BookingState) {
  const { t, locale, month, days, focusDay, day: selected } = state
  const weekStart = +(state.config.weekStart ?? localeWeekStart(locale))
  const today = state.today()
  const firstMonth = today.slice(0, 7)
  const lastMonth = state.lastBookable().slice(0, 7)
  const stop = focusDay.startsWith(month) ? focusDay : selected?.startsWith(month) ? selected : `${month}-01`
  const loading = state.months[month] === 'loading'

  /**
   * Moves the tab stop (and the month, when it leaves the displayed one). Keys never leave the bookable days: a
   * target before today lands on today, one past the booking window on its last day (as the APG grid stops at
   * its first and last dates), so Home at the start of a month reaches the first day that can be picked.
   */
  const go = (target: string) => {
    const last = state.lastBookable()
    const day = target < today ? today : target > last ? last : target
    state.focusDay = day
    if (day.slice(0, 7) !== month) state.showMonth(day.slice(0, 7))
    state.focus = 'day'
  }

  const onKey = (e: KeyboardEvent) => {
    const back = (weekday(stop) - weekStart + 7) % 7
    // Keys that move by days; PageUp and PageDown move by months (Shift: by years).
    const days = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7, Home: -back, End: 6 - back }[
      e.key
    ]
    const months = { PageUp: -1, PageDown: 1 }[e.key]
    const target =
      days !== undefined
        ? addDays(stop, days)
        : months && shiftMonths(stop, e.shiftKey ? months * 12 : months)
    if (!target) return
    e.preventDefault()
    go(target)
  }

  const page = (n: number) => {
    const target = `${addMonths(month, n)}-01`
    state.focusDay = target < today ? today : target
    state.showMonth(target.slice(0, 7))
  }

  return (
    <div>
      <div class="bar">
        <button aria-label={t.prevMonth} disabled={month <= firstMonth} onClick={() => page(-1)}>
          ‹
        </button>
        <h3 id="month">{formatMonth(month, locale)}</h3>
        <button aria-label={t.nextMonth} disabled={month >= lastMonth} onClick={() => page(1)}>
          ›
        </button>
      </div>
      <table role="grid" aria-labelledby="month" aria-busy={loading ? 'true' : undefined}>
        <thead>
          <tr>
            {monthWeeks('2023-01', weekStart)[1]!.map((d) => (
              <th scope="col" abbr={formatDay(d!, locale, { weekday: 'long' })}>
                {formatDay(d!, locale, { weekday: 'short' })}
              </th>
            ))}
          </tr>
        </thead>
        <tbody onKeyDown={onKey}>
          {monthWeeks(month, weekStart).map((week) => (
            <tr>
              {week.map((d) => {
                if (!d) return <td role="gridcell" />
                const n = days[d]?.length ?? 0
                const isSelected = d === selected
                return (
                  <td role="gridcell" aria-selected={isSelected ? 'true' : 'false'}>
                    <button
                      part="day"
                      class={n ? 'day free' : 'day'}
                      data-date={d}
                      data-focus={d === stop ? 'day' : undefined}
                      tabIndex={d === stop ? 0 : -1}
                      aria-pressed={isSelected ? 'true' : undefined}
                      aria-disabled={n ? undefined : 'true'}
                      aria-current={d === today ? 'date' : undefined}
                      aria-label={`${formatLongDay(d, locale)}, ${loading ? t.loading : fill(t.free, { n })}`}
                      onClick={() => (n ? state.selectDay(d) : go(d))}
                    >
                      {+d.slice(8)}
                    </button>
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** The slots of `state.day`, or why there are none, and "next available". */
export function renderSlots(state: BookingState) {
  const { t, day, month, days } = state
  const keyOf = dayKeyer(state.zone)
  const slots = day ? (days[day] ?? []).filter((s) => keyOf(s.start) === day) : []
  const longDay = day && formatLongDay(day, state.locale)
  const none = day
    ? !slots.length
    : state.months[month] === 'ok' && !Object.keys(days).some((d) => d.startsWith(month) && days[d]!.length)

  return (
    <div>
      {day && [
        <h3 id="slots" tabIndex={-1} data-focus="slots">
          {fill(t.timesOn, { date: longDay! })}
        </h3>,
        <ul class="slots" aria-labelledby="slots">
          {slots.map((s) => {
            const time = state.time(s.start)
            return (
              <li>
                <button
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
        </ul>,
      ]}
      {none && <p class="muted">{t.none}</p>}
      <div class="actions">
        <button onClick={state.nextAvailable}>{t.nextAvailable}</button>
      </div>
    </div>
  )
}
