/**
 * What a sealed record holds, and the keys it is kept under. A `location` grant and a `company` (agency) grant come
 * from an install and carry a refresh token; a `derived` record is a location covered by an agency install: its
 * access token (when fetched) comes from the company's through `/oauth/locationToken` and has no refresh token.
 */
import * as v from 'valibot'
import { ProxyError } from '../errors.ts'
import type { Sealer } from './seal.ts'

const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(100))

/** A grant as sealed in the store. `expiresAt` is epoch ms. */
export const Grant = v.object({
  kind: v.picklist(['location', 'company', 'derived']),
  companyId: v.optional(Id),
  locationId: v.optional(Id),
  access: v.optional(v.string()),
  refresh: v.optional(v.string()),
  expiresAt: v.optional(v.number()),
  scope: v.optional(v.string()),
  approvedLocations: v.optional(v.array(Id)),
  /** When the install behind it happened: tells a reinstall's record from a refresh of the same one. */
  installedAt: v.number(),
})
export type Grant = v.InferOutput<typeof Grant>

/** A grant and its store version. */
export interface Entry {
  grant: Grant
  version: number
}

/** Store keys. */
export const keys = {
  location: (id: string) => `location:${id}`,
  company: (id: string) => `company:${id}`,
  /** Set by an uninstall, removed by an install: tells "uninstalled" from "never installed". */
  uninstalled: (account: string) => `uninstalled:${account}`,
}

/** Why a location has no usable token. */
export type NotConnected = 'not_installed' | 'uninstalled' | 'dead'

const MESSAGES: Record<NotConnected, string> = {
  not_installed: "The calendar's GHL app is not installed for this calendar's location.",
  uninstalled: "The calendar's GHL app is not installed: it was uninstalled from this calendar's location.",
  dead: "The calendar's GHL app is not installed any more: GHL refused its grant. Install the app again.",
}

/** The answer of a site whose location has no usable Marketplace token: 503 `not_connected`. */
export function notConnected(reason: NotConnected): ProxyError {
  return new ProxyError(503, 'not_connected', MESSAGES[reason])
}

/** Seals and opens grants under their store key. */
export function grantCodec(sealer: Sealer) {
  return {
    seal: (key: string, grant: Grant) => sealer.seal(key, JSON.stringify(grant)),
    async open(key: string, sealed: string): Promise<Grant> {
      const { plaintext } = await sealer.open(key, sealed)
      return v.parse(Grant, JSON.parse(plaintext))
    },
  }
}
