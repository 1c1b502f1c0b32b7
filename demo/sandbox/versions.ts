/**
 * The `Version` header each GHL resource requires, as the official specs enumerate it (one value per operation:
 * apps/calendars.json `2021-04-15`; apps/contacts.json, locations.json, opportunities.json and users.json
 * `2021-07-28`). Real GHL may be more lenient (third parties report calendar calls working with `2021-07-28`);
 * the sandbox holds clients to the spec, so a client that sends the wrong value finds out here, not in production.
 */
import { GhlHttpError } from './ghl-error.ts'

/** The `Version` value per resource, the first segment of the path. */
export const GHL_VERSIONS = {
  calendars: '2021-04-15',
  contacts: '2021-07-28',
  locations: '2021-07-28',
  opportunities: '2021-07-28',
  users: '2021-07-28',
} as const

/** A resource the specs give a Version for. */
export type GhlResource = keyof typeof GHL_VERSIONS

/** The resource of an API path (`/contacts/x/tags` → `contacts`), or undefined for one the specs do not cover. */
export function resourceOf(path: string): GhlResource | undefined {
  const first = path.split('/')[1] ?? ''
  return Object.hasOwn(GHL_VERSIONS, first) ? (first as GhlResource) : undefined
}

/**
 * Checks the `Version` header against the path's resource. A missing or wrong value is GHL's 400 with the
 * `BadRequestDTO` shape: the spec declares the header required with a one-value enum, and 400 is what the
 * platform's request validation answers for a bad parameter. A path of no known resource is not checked (it
 * gets the 404 of an unknown route).
 */
export function checkVersion(path: string, version: string | undefined): void {
  if (!version) throw new GhlHttpError(400, 'version header is missing')
  const resource = resourceOf(path)
  if (!resource) return
  const expected = GHL_VERSIONS[resource]
  if (version !== expected) {
    throw new GhlHttpError(400, `version must be one of the following values: ${expected}`)
  }
}
