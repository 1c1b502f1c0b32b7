/**
 * The time zones of the zone picker: every IANA zone the browser knows, as people read them (a city, its region
 * and its current offset from UTC), grouped by region, with the visitor's detected zone first. Built on first
 * use, since it costs one formatter per zone.
 */
import { dateFormat } from './dates.ts'

/** One zone as the picker shows it. */
export interface ZoneOption {
  id: string
  /** The city, as written in the id: `Buenos Aires`. */
  city: string
  /** The region: the id's first part (`America`), or `UTC`. */
  region: string
  /** The offset now: `GMT-03:00`. */
  offset: string
  /** Lower-case text the search matches: id, city and offset. */
  search: string
}

/** The offset of a zone at an instant, `GMT+05:30` (`GMT` at zero). */
export const zoneOffset = (id: string, at: number): string =>
  dateFormat('en', { timeZone: id, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value ?? ''

/** The picker's option for a zone. */
export function zoneOption(id: string, at: number): ZoneOption {
  const parts = id.split('/')
  const city = parts[parts.length - 1]!.replace(/_/g, ' ')
  const region = parts.length > 1 ? parts[0]! : 'UTC'
  const offset = zoneOffset(id, at)
  return { id, city, region, offset, search: `${id} ${city} ${offset}`.toLowerCase().replace(/_/g, ' ') }
}

/** Every zone the browser knows (with `current`, in case it is an alias the list lacks), sorted by region and city. */
export function zoneOptions(current: string, at: number): ZoneOption[] {
  const all =
    (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? []
  return (all.includes(current) ? all : [current, ...all])
    .map((id) => zoneOption(id, at))
    .sort((x, y) => x.region.localeCompare(y.region) || x.city.localeCompare(y.city))
}
