/**
 * Installs and uninstalls of the Marketplace app, as the token store keeps them. An install (the callback's code
 * exchange) replaces the account's grant, so a reinstall recovers without a restart; an agency install also marks
 * each approved location as served through it (a `derived` record, its token fetched when first needed), unless
 * the location has an install of its own. Only accounts that serve a location of the sites file are kept, and an
 * agency's derived records only for those locations: anyone can install the app on an account of their own, and
 * what the store holds must not grow with strangers' installs. An uninstall deletes the grants, and leaves a mark so
 * the sites say the app was uninstalled rather than never installed.
 */
import type { TokenStore } from '../stores/tokens.ts'
import type { Clock } from '../types.ts'
import type { TokenAnswer } from './ghl-oauth.ts'
import { grantCodec, keys, type Grant } from './grants.ts'
import type { Sealer } from './seal.ts'

/** An account as GHL names it in webhooks: a location, or an agency (company). */
export type Account =
  { locationId: string; companyId?: undefined } | { companyId: string; locationId?: undefined }

/** What an install connected. */
export interface Installed {
  userType: 'Location' | 'Company'
  /** The location or company id. */
  accountId: string
  /** The locations of the sites file whose tokens it gives (none: nothing was kept). */
  locations: string[]
}

/** Options of {@link createAccounts}. */
export interface AccountsOptions {
  store: TokenStore
  sealer: Sealer
  /** Drops what the token source holds of a store key. */
  forget: (key: string) => void
  /** Default `Date.now`. */
  clock?: Clock
  /** Whether the sites file names a location. Default every location. */
  serves?: (locationId: string) => boolean
}

/** Builds the install and uninstall operations. */
export function createAccounts(options: AccountsOptions) {
  const { store, forget, clock = Date.now, serves = () => true } = options
  const codec = grantCodec(options.sealer)
  const mark = JSON.stringify({ uninstalled: true })

  async function replace(key: string, grant: Grant) {
    await store.replace(key, await codec.seal(key, grant))
    await store.delete(keys.uninstalled(key))
    forget(key)
  }

  /** The grant under `key` when it opens; undefined when absent or unreadable (it is replaced or deleted then). */
  async function peek(key: string): Promise<Grant | undefined> {
    const stored = await store.get(key)
    return stored && codec.open(key, stored.sealed).catch(() => undefined)
  }

  return {
    /** Stores the grant of a code exchange. */
    async install(answer: TokenAnswer): Promise<Installed> {
      const base = {
        access: answer.access_token,
        refresh: answer.refresh_token,
        expiresAt: clock() + answer.expires_in * 1000,
        ...(answer.scope !== undefined && { scope: answer.scope }),
        installedAt: clock(),
      }
      if (answer.userType === 'Location') {
        const locationId = answer.locationId
        if (!locationId) throw new Error('GHL gave a Location token without its locationId')
        if (!serves(locationId)) return { userType: 'Location', accountId: locationId, locations: [] }
        await replace(keys.location(locationId), {
          kind: 'location',
          locationId,
          ...(answer.companyId && { companyId: answer.companyId }),
          ...base,
        })
        return { userType: 'Location', accountId: locationId, locations: [locationId] }
      }
      const companyId = answer.companyId
      if (!companyId) throw new Error('GHL gave a Company token without its companyId')
      const locations = (answer.approvedLocations ?? []).filter(serves)
      if (!locations.length) return { userType: 'Company', accountId: companyId, locations }
      await replace(keys.company(companyId), {
        kind: 'company',
        companyId,
        approvedLocations: locations,
        ...base,
      })
      for (const locationId of locations) {
        const key = keys.location(locationId)
        // A location's own install wins over the agency's: its grant is kept.
        if ((await peek(key))?.kind === 'location') continue
        await replace(key, { kind: 'derived', companyId, locationId, installedAt: clock() })
      }
      await store.delete(keys.uninstalled(keys.company(companyId)))
      return { userType: 'Company', accountId: companyId, locations }
    },

    /** An `INSTALL` webhook: the uninstalled mark goes (the tokens come from the callback). */
    async installed(account: Account): Promise<void> {
      const key = account.locationId ? keys.location(account.locationId) : keys.company(account.companyId!)
      await store.delete(keys.uninstalled(key))
      forget(key)
    },

    /**
     * An `UNINSTALL` webhook sent at `sentAt` (epoch ms): the grants go (a company's with the location tokens derived
     * from it), marked. A grant installed after `sentAt` is kept: that uninstall came before it (a reinstall while
     * the webhook was on its way, or the delivery replayed later).
     */
    async uninstall(account: Account, sentAt = Infinity): Promise<string[]> {
      const gone: string[] = []
      const drop = async (key: string) => {
        const grant = await peek(key)
        if (grant && grant.installedAt > sentAt) return
        await store.delete(key)
        await store.replace(keys.uninstalled(key), mark)
        forget(key)
        gone.push(key)
      }
      if (account.locationId) {
        await drop(keys.location(account.locationId))
        return gone
      }
      const companyKey = keys.company(account.companyId!)
      const company = await peek(companyKey)
      for (const locationId of company?.approvedLocations ?? []) {
        const grant = await peek(keys.location(locationId))
        if (grant?.kind === 'derived' && grant.companyId === account.companyId)
          await drop(keys.location(locationId))
      }
      await drop(companyKey)
      return gone
    },
  }
}

/** See {@link createAccounts}. */
export type Accounts = ReturnType<typeof createAccounts>
