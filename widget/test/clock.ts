/**
 * The instants of the browser tests: web-test-runner's page carries `TEST_NOW`, `TEST_ZONES` and
 * `TEST_INSTANTS` over from the environment (see scripts/dates.mjs). Widgets under test get their clock through
 * `mount`'s `now` option; nothing here reads the wall clock.
 */
import { selectInstants } from '../../scripts/dates.mjs'

const injected = globalThis as { TEST_NOW?: string; TEST_ZONES?: string; TEST_INSTANTS?: string }

/** One instant a suite runs at (see scripts/dates.mjs). */
export interface Instant {
  name: string
  /** Epoch ms. */
  now: number
  /** ISO 8601, for test names: `npm run test:dates` reads each instant's result from them. */
  iso: string
  zones: readonly string[]
}

/** Every instant this run covers; a date-sensitive suite runs once per instant. */
export const TEST_INSTANTS: readonly Instant[] = selectInstants({
  TEST_NOW: injected.TEST_NOW,
  TEST_ZONES: injected.TEST_ZONES,
  TEST_INSTANTS: injected.TEST_INSTANTS,
}).map((instant) => ({ ...instant, now: Date.parse(instant.now), iso: new Date(instant.now).toISOString() }))

/** The instant of the suites that run once, epoch ms. */
export const TEST_NOW = TEST_INSTANTS[0]!.now

/** The instant the widgets under test and the fake proxy live at; a test may move it (reset after each test). */
export const testTime = { now: TEST_NOW }

/** The clock every widget under test reads: it stands still at {@link testTime}. */
export const testClock = () => testTime.now

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
