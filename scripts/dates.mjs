// The instants the date-dependent tests run at. `npm test` runs every suite at DEFAULT_INSTANT; `npm run
// test:dates` runs the date-sensitive suites again at each instant of DATE_MATRIX, in each of its visitor zones.
// Tests read the instant from TEST_NOW and the zones from TEST_ZONES (see test/support/dates.ts), so one instant
// can be replayed by hand: `TEST_NOW=2027-03-14T06:30:00Z TEST_ZONES=America/New_York npm test`.

const NEW_YORK = 'America/New_York'
const TOKYO = 'Asia/Tokyo'
const BERLIN = 'Europe/Berlin'

/** @typedef {{ name: string, now: string, zones: string[] }} TestInstant */

/** @type {TestInstant} A plain Wednesday morning in New York, the sandbox's own zone. */
export const DEFAULT_INSTANT = {
  name: 'a Wednesday morning',
  now: '2027-04-14T15:00:00Z',
  zones: [NEW_YORK, BERLIN],
}

/** @type {TestInstant[]} */
export const DATE_MATRIX = [
  { name: 'the first day of a month', now: '2027-04-01T13:00:00Z', zones: [NEW_YORK, TOKYO] },
  { name: 'the last day of a month, late afternoon', now: '2027-04-30T20:30:00Z', zones: [NEW_YORK, TOKYO] },
  { name: 'a month that starts on a Monday', now: '2027-03-01T14:00:00Z', zones: [NEW_YORK, BERLIN] },
  // 01:30 EDT on 1 November 2026, a Sunday: the hour before New York falls back.
  {
    name: 'a Sunday month start, New York falls back',
    now: '2026-11-01T05:30:00Z',
    zones: [NEW_YORK, BERLIN],
  },
  // 01:30 EST on 14 March 2027: half an hour before New York springs forward.
  { name: 'New York springs forward', now: '2027-03-14T06:30:00Z', zones: [NEW_YORK, BERLIN] },
  // 01:30 CET on 28 March 2027: half an hour before Berlin springs forward.
  { name: 'Berlin springs forward', now: '2027-03-28T00:30:00Z', zones: [BERLIN, NEW_YORK] },
  // 02:30 CEST on 25 October 2026: half an hour before Berlin falls back.
  { name: 'Berlin falls back', now: '2026-10-25T00:30:00Z', zones: [BERLIN, NEW_YORK] },
  { name: '23:30 in New York', now: '2027-01-14T04:30:00Z', zones: [NEW_YORK, TOKYO] },
  { name: '00:30 in Tokyo', now: '2027-01-14T15:30:00Z', zones: [TOKYO, NEW_YORK] },
  // 23:30 on 31 December 2026 in New York, already 1 January in Tokyo.
  { name: '31 December to 1 January', now: '2027-01-01T04:30:00Z', zones: [NEW_YORK, TOKYO] },
  { name: '29 February of a leap year', now: '2028-02-29T15:00:00Z', zones: [NEW_YORK, TOKYO] },
]

/**
 * The instants a test run covers, from its environment: every instant of DATE_MATRIX when
 * `TEST_INSTANTS=matrix`; else the one of `TEST_NOW` (with `TEST_ZONES`, comma-separated); else the default.
 * @param {Record<string, string | undefined>} env
 * @returns {TestInstant[]}
 */
export function selectInstants(env) {
  if (env.TEST_INSTANTS === 'matrix') return [...DATE_MATRIX]
  if (!env.TEST_NOW && !env.TEST_ZONES) return [DEFAULT_INSTANT]
  const now = env.TEST_NOW || DEFAULT_INSTANT.now
  if (Number.isNaN(Date.parse(now))) throw new Error(`TEST_NOW must be an ISO 8601 instant, got "${now}"`)
  const zones = (env.TEST_ZONES || DEFAULT_INSTANT.zones.join(','))
    .split(',')
    .map((zone) => zone.trim())
    .filter(Boolean)
  return [{ name: 'TEST_NOW', now: new Date(now).toISOString(), zones }]
}
