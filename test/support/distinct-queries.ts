/**
 * Distinct valid slots queries, as an attacker who knows the contract sends them: every zone the runtime lists,
 * ranges as long as the contract allows, starting on the days ahead that hold free slots. No two are the same,
 * so no cache of the proxy can answer one from another's entry.
 */
import { addDays, localDate } from '../../proxy/src/time/zoned.ts'

const zones = Intl.supportedValuesOf('timeZone')

/** Options of {@link distinctSlotQueries}. */
export interface DistinctQueriesOptions {
  /** The instant the queries are valid at, epoch ms. */
  now: number
  /** Longest range in days (both ends counted). */
  maxDays: number
  /** Ranges start 1 to `spreadDays` days after today (UTC). Default 50: the sandbox's calendars book 60 days ahead. */
  spreadDays?: number
}

/** The `i`-th query string (`from=...&to=...&timeZone=...`); distinct for every `i` below {@link distinctQueryCount}. */
export function distinctSlotQuery(i: number, options: DistinctQueriesOptions): string {
  const spread = options.spreadDays ?? 50
  const lengths = Math.min(15, options.maxDays)
  const zone = zones[i % zones.length]!
  const rest = Math.floor(i / zones.length)
  // The longest ranges first: they hold the most slots, the costliest answers to keep.
  const days = options.maxDays - (rest % lengths)
  // One day after today in UTC is today or later in every zone, so every range is valid wherever it is read.
  const from = addDays(localDate(options.now, 'UTC'), 1 + (Math.floor(rest / lengths) % spread))
  return new URLSearchParams({ from, to: addDays(from, days - 1), timeZone: zone }).toString()
}

/** How many distinct queries {@link distinctSlotQuery} can make. */
export function distinctQueryCount(options: DistinctQueriesOptions): number {
  return zones.length * Math.min(15, options.maxDays) * (options.spreadDays ?? 50)
}
