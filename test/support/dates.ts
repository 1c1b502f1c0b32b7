/**
 * The instants of the date-dependent node tests (see scripts/dates.mjs): the default one in `npm test`, every
 * instant of the matrix under `npm run test:dates`, or the one `TEST_NOW`/`TEST_ZONES` name. No test reads the
 * wall clock.
 */
import { selectInstants } from '../../scripts/dates.mjs'

/** One instant a suite runs at. */
export interface Instant {
  /** What is special about it. */
  name: string
  /** Epoch ms. */
  now: number
  /** ISO 8601, for test names: `npm run test:dates` reads each instant's result from them. */
  iso: string
  /** The visitor zones, the first one the main visitor's. */
  zones: readonly string[]
}

/** Every instant this run covers; a date-sensitive suite runs once per instant. */
export const TEST_INSTANTS: readonly Instant[] = selectInstants(process.env).map((instant) => ({
  name: instant.name,
  now: Date.parse(instant.now),
  iso: new Date(instant.now).toISOString(),
  zones: instant.zones,
}))

/** The instant of the suites that run once: the first of {@link TEST_INSTANTS}, epoch ms. */
export const TEST_NOW = TEST_INSTANTS[0]!.now

/** {@link TEST_NOW} as ISO 8601. */
export const TEST_NOW_ISO = TEST_INSTANTS[0]!.iso

/** The visitor zones at {@link TEST_NOW}. */
export const TEST_ZONES = TEST_INSTANTS[0]!.zones
