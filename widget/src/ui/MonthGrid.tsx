/**
 * The month grid, after the WAI-ARIA APG date picker grid: one tab stop, arrows move by day and week (mirrored
 * right to left), Home/End to the week's ends, PageUp/PageDown by month (with Shift by year), all within today
 * and the last bookable day. Days with free times, the chosen day, today and days without times each look
 * different; a month on its way shows a skeleton, never an empty month.
 */
import {
  addDays,
  addMonths,
  formatDay,
  formatLongDay,
  formatMonth,
  lastDayOf,
  monthWeeks,
  weekday,
} from '../dates.ts'
import { plural } from '../i18n.ts'
import type { Props } from './Flow.tsx'

/** The same day of the month `n` months on, clamped to that month's length. */
const shiftMonths = (date: string, n: number): string => {
  const month = addMonths(date.slice(0, 7), n)
  const last = lastDayOf(month)
  const same = `${month}-${date.slice(8)}`
  return same > last ? last : same
}

/** A chevron pointing to the start (`-1`) or end (`1`) of the line; mirrored in right-to-left languages. */
export const Chevron = ({ to }: { to: number }) => (
  <svg class="icon flip" viewBox="0 0 24 24" aria-hidden="true">
    <path d={to < 0 ? 'M15 5l-7 7 7 7' : 'M9 5l7 7-7 7'} />
  </svg>
)

/** The grid of the displayed month with its navigation. */
export function MonthGrid({ s, a }: Props) {
  const t = s.t.value
  const { locale, weekStart } = s
  const month = s.month.value
  const days = s.days.value
  const focusDay = s.focusDay.value
  const selected = s.day.value
  const today = s.today.value
  const lastBookable = s.lastBookable.value
  const stop = focusDay.startsWith(month) ? focusDay : selected?.startsWith(month) ? selected : `${month}-01`
  const status = s.months.value[month]
  const loading = status !== 'ok' && status !== 'error'
  // Arrow keys follow the reading direction: ArrowRight goes back in a right-to-left grid.
  const ahead = s.dir === 'rtl' ? -1 : 1

  /**
   * Keys never leave the bookable days: a target before today lands on today, one past the booking window on
   * its last day (as the APG grid stops at its first and last dates).
   */
  const onKey = (e: KeyboardEvent) => {
    const back = (weekday(stop) - weekStart + 7) % 7
    // Keys that move by days; PageUp and PageDown move by months (Shift: by years).
    const step = {
      ArrowLeft: -ahead,
      ArrowRight: ahead,
      ArrowUp: -7,
      ArrowDown: 7,
      Home: -back,
      End: 6 - back,
    }[e.key]
    const months = { PageUp: -1, PageDown: 1 }[e.key]
    const target =
      step !== undefined
        ? addDays(stop, step)
        : months && shiftMonths(stop, e.shiftKey ? months * 12 : months)
    if (!target) return
    e.preventDefault()
    a.moveFocus(target < today ? today : target > lastBookable ? lastBookable : target)
  }

  return (
    <div class="month">
      <div class="bar">
        <button
          class="nav"
          aria-label={t.prevMonth}
          disabled={month <= today.slice(0, 7)}
          onClick={() => a.page(-1)}
        >
          <Chevron to={-1} />
        </button>
        <h3 id="month">{formatMonth(month, locale)}</h3>
        <button
          class="nav"
          aria-label={t.nextMonth}
          disabled={month >= lastBookable.slice(0, 7)}
          onClick={() => a.page(1)}
        >
          <Chevron to={1} />
        </button>
      </div>
      <table role="grid" aria-labelledby="month" aria-busy={loading ? 'true' : undefined}>
        <thead>
          <tr>
            {monthWeeks('2023-01', weekStart)[1]!.map((d) => (
              <th scope="col" abbr={formatDay(d!, locale, { weekday: 'long' })}>
                {formatDay(d!, locale, { weekday: 'narrow' })}
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
                const isToday = d === today
                const what = loading ? t.loading : plural(t.free, n, locale)
                return (
                  <td role="gridcell" aria-selected={isSelected ? 'true' : 'false'}>
                    <button
                      part="day"
                      class={`day${n ? ' free' : ''}${loading && d >= today ? ' wait' : ''}`}
                      data-date={d}
                      data-focus={d === stop ? 'day' : undefined}
                      tabIndex={d === stop ? 0 : -1}
                      aria-pressed={isSelected ? 'true' : undefined}
                      aria-disabled={n ? undefined : 'true'}
                      aria-current={isToday ? 'date' : undefined}
                      aria-label={`${formatLongDay(d, locale)}${isToday ? `, ${t.today}` : ''}, ${what}`}
                      onClick={() => (n ? a.selectDay(d) : a.moveFocus(d))}
                    >
                      {formatDay(d, locale, { day: 'numeric' })}
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
