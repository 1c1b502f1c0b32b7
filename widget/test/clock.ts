/**
 * The instant and visitor zones of the browser tests: `TEST_NOW` and `TEST_ZONES`, which web-test-runner's page
 * carries over from the environment (`npm run test:dates` sets them per instant), else the default instant.
 * Widgets under test get this clock through `mount`'s `now` option; nothing here reads the wall clock.
 */
import { DEFAULT_INSTANT } from '../../scripts/dates.mjs'

const injected = globalThis as { TEST_NOW?: string; TEST_ZONES?: string }

/** The pinned instant, epoch ms. */
export const TEST_NOW = Date.parse(injected.TEST_NOW || DEFAULT_INSTANT.now)

/** The visitor zones the date-sensitive tests run in. */
export const TEST_ZONES: readonly string[] = (injected.TEST_ZONES || DEFAULT_INSTANT.zones.join(',')).split(
  ',',
)

/** The clock every widget under test reads: it stands still at the pinned instant. */
export const testClock = () => TEST_NOW

/**
 * Makes `Date.now` answer from the pinned instant on (time still runs), for widgets a test cannot hand a clock
 * (a script tag's own). Returns the undo.
 */
export function pinDateNow(): () => void {
  const real = Date.now
  const offset = TEST_NOW - real()
  Date.now = () => real() + offset
  return () => {
    Date.now = real
  }
}

/** The local date `YYYY-MM-DD` of an instant in `timeZone`. */
export const localDay = (ms: number, timeZone: string): string =>
  new Intl.DateTimeFormat('sv', { timeZone }).format(new Date(ms))

/** The day `n` days after `day`. */
export const addDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)

/** The UTC offset of `timeZone` at `ms`, in minutes east of UTC. */
function offsetMinutes(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(new Date(ms))
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value)
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'))
  return Math.round((wall - Math.floor(ms / 60_000) * 60_000) / 60_000)
}

/** The wall time `HH:MM` of `day` in `timeZone`, written as GHL writes slots: `2027-04-15T09:00:00-04:00`. */
export function zonedTime(day: string, time: string, timeZone: string): string {
  const wall = Date.parse(`${day}T${time}:00Z`)
  let offset = offsetMinutes(wall, timeZone)
  offset = offsetMinutes(wall - offset * 60_000, timeZone)
  const sign = offset < 0 ? '-' : '+'
  const abs = Math.abs(offset)
  const hh = String(Math.floor(abs / 60)).padStart(2, '0')
  const mm = String(abs % 60).padStart(2, '0')
  return `${day}T${time}:00${sign}${hh}:${mm}`
}
