/**
 * Where a booking's link goes and who hears of it: the token on every booking answer, the site's `manageUrl` with
 * the token in `?ghl-booking=`, and that URL in the contact custom field the site names (`manage.linkField`), which
 * GHL's e-mails, texts and workflows can all show as `{{contact.<field key>}}`.
 *
 * Why a contact field: GHL's message templates take merge fields, and a contact's custom fields are the ones every
 * template and workflow action offers. The appointment's own text does not reach a message reliably: the edit
 * schema takes only `description`, which no documented merge field shows (`{{appointment.notes}}` reads the
 * event's `notes`, which the API cannot write), and the appointment notes endpoint keeps internal notes that GHL
 * never sends out. The field holds the contact's latest booking's link, which is the one a confirmation is about.
 */
import { MANAGE_LINK_PARAM } from '../../../../contract/manage.ts'
import type { Booking } from '../../../../contract/schemas.ts'
import type { GhlClient } from '../../ghl/types.ts'
import { describeError, type Logger } from '../../logger.ts'
import type { Site } from '../../config/sites.ts'
import type { ManageTokens } from './token.ts'

/** The site's `manageUrl` with the token, or undefined when the site sets none. */
export function manageLink(site: Site, token: string): string | undefined {
  if (!site.manageUrl) return undefined
  const url = new URL(site.manageUrl)
  url.searchParams.set(MANAGE_LINK_PARAM, token)
  return url.href
}

/**
 * Writes the link into the site's contact field, when it names one. A failure is logged (without the link: it is a
 * bearer credential) and ignored: the visitor has the link in the answer, and a booking or a change must never be
 * lost to it.
 */
export async function publishLink(
  ghl: GhlClient,
  site: Site,
  contactId: string,
  url: string | undefined,
  log: Logger,
): Promise<void> {
  const field = site.manage.linkField
  if (!field || !url) return
  try {
    await ghl.setContactFields(site.locationId, contactId, [{ id: field, field_value: url }])
  } catch (error) {
    log({ level: 'warn', msg: 'manage.link_field_failed', site: site.id, ...describeError(error) })
  }
}

/** Adds the link to booking answers. */
export interface BookingLinks {
  /**
   * The booking with `manageToken` (and `manageUrl` when the site sets one); for a new appointment (`created`) the
   * link is written to the contact field too. A token that cannot be made leaves the booking as it is (logged).
   */
  attach(site: Site, booked: { booking: Booking; created: boolean; contactId: string }): Promise<Booking>
}

/** Options of {@link createBookingLinks}. */
export interface BookingLinksOptions {
  tokens: ManageTokens
  ghl: GhlClient
  /** Default none. */
  log?: Logger
}

/** Builds the link maker of the booking route. */
export function createBookingLinks(options: BookingLinksOptions): BookingLinks {
  const { tokens, ghl, log = () => {} } = options
  return {
    async attach(site, { booking, created, contactId }) {
      let token: string
      try {
        token = await tokens.issue(site.id, {
          appointmentId: booking.id,
          contactId,
          expiresAt: Date.parse(booking.end),
        })
      } catch (error) {
        log({ level: 'warn', msg: 'manage.token_failed', site: site.id, ...describeError(error) })
        return booking
      }
      const url = manageLink(site, token)
      if (created) await publishLink(ghl, site, contactId, url, log)
      return { ...booking, manageToken: token, ...(url && { manageUrl: url }) }
    },
  }
}
