/**
 * The month grid, after the WAI-ARIA APG date picker grid: one tab stop, arrows move by day and week,
 * Home/End to the week's ends, PageUp/PageDown by month (with Shift by year). Days with free slots are marked.
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
import { fill } from '../i18n.ts'
import type { BookingState } from '../state.ts'

/** The same day of the month `n` months on, clamped to that month's length. */
const shiftMonths = (date: string, n: number): string => {
  const month = addMonths(date.slice(0, 7), n)
  const last = lastDayOf(month)
  return `${month}-${date.slice(8)}` > last ? last : `${month}-${date.slice(8)}`
}

/** The grid of the displayed month with its navigation. */
export function MonthGrid({ state, weekStart }: { state: BookingState; weekStart: number }) {
  const { t, locale } = state
  const month = state.month.value
  const days = state.days.value
  const today = state.today()
  const firstMonth = today.slice(0, 7)
  const lastMonth = state.lastBookable().slice(0, 7)
  const focusDay = state.focusDay.value
  const selected = state.day.value
  const stop = focusDay.startsWith(month) ? focusDay : selected?.startsWith(month) ? selected : `${month}-01`
  const loading = state.months.value[month] === 'loading'

  const go = (target: string) => {
    if (target.slice(0, 7) < firstMonth || target.slice(0, 7) > lastMonth) return
    state.focusDay.value = target
    if (target.slice(0, 7) !== month) state.showMonth(target.slice(0, 7))
    state.focus.value = 'day'
  }

  const onKey = (e: KeyboardEvent) => {
    const back = (weekday(stop) - weekStart + 7) % 7
    const moves: Record<string, () => string> = {
      ArrowLeft: () => addDays(stop, -1),
      ArrowRight: () => addDays(stop, 1),
      ArrowUp: () => addDays(stop, -7),
      ArrowDown: () => addDays(stop, 7),
      Home: () => addDays(stop, -back),
      End: () => addDays(stop, 6 - back),
      PageUp: () => shiftMonths(stop, e.shiftKey ? -12 : -1),
      PageDown: () => shiftMonths(stop, e.shiftKey ? 12 : 1),
    }
    const move = moves[e.key]
    if (!move) return
    e.preventDefault()
    go(move())
  }

  const page = (n: number) => {
    const target = `${addMonths(month, n)}-01`
    state.focusDay.value = target < today ? today : target
    state.showMonth(target.slice(0, 7))
  }

  const heads = monthWeeks('2023-01', weekStart)[1]!.map((d) => ({
    short: formatDay(d!, locale, { weekday: 'short' }),
    long: formatDay(d!, locale, { weekday: 'long' }),
  }))

  return (
    <div>
      <div class="bar">
        <button
          type="button"
          aria-label={t.prevMonth}
          disabled={month <= firstMonth}
          onClick={() => page(-1)}
        >
          ‹
        </button>
        <h3 id="month">{formatMonth(month, locale)}</h3>
        <button type="button" aria-label={t.nextMonth} disabled={month >= lastMonth} onClick={() => page(1)}>
          ›
        </button>
      </div>
      <table role="grid" aria-labelledby="month" aria-busy={loading ? 'true' : undefined}>
        <thead>
          <tr>
            {heads.map((h) => (
              <th scope="col" abbr={h.long}>
                {h.short}
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
                      type="button"
                      part="day"
                      class={`day${n ? ' free' : ''}${d === today ? ' today' : ''}`}
                      data-date={d}
                      data-focus={d === stop ? 'day' : undefined}
                      tabIndex={d === stop ? 0 : -1}
                      aria-pressed={isSelected ? 'true' : undefined}
                      aria-disabled={n ? undefined : 'true'}
                      aria-current={d === today ? 'date' : undefined}
                      aria-label={`${formatLongDay(d, locale)}, ${loading ? t.loading : fill(t.free, { n })}`}
                      onClick={() => (n ? state.selectDay(d) : go(d))}
                    >
                      {Number(d.slice(8))}
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
