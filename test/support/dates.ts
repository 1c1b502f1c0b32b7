/**
 * The instant and visitor zones of the date-dependent node tests: `TEST_NOW` and `TEST_ZONES` from the
 * environment (`npm run test:dates` sets them per instant), else the default instant. No test reads the wall clock.
 */
import { DEFAULT_INSTANT } from '../../scripts/dates.mjs'

const pinned = process.env.TEST_NOW ?? DEFAULT_INSTANT.now

/** The pinned instant, epoch ms. */
export const TEST_NOW = Date.parse(pinned)
if (Number.isNaN(TEST_NOW)) throw new Error(`TEST_NOW must be an ISO 8601 instant, got "${pinned}"`)

/** The visitor zones, the first one the main visitor's. */
export const TEST_ZONES: readonly string[] = (process.env.TEST_ZONES ?? DEFAULT_INSTANT.zones.join(','))
  .split(',')
  .map((zone) => zone.trim())
  .filter(Boolean)

/** The pinned instant as ISO 8601, for test names and messages. */
export const TEST_NOW_ISO = new Date(TEST_NOW).toISOString()
