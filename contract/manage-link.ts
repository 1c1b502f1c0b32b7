/**
 * Where a booking's manage link points: the query parameter of a site's `manageUrl` that carries the token, and the
 * proxy's routes for it. Apart from manage.ts, which re-exports both, so that what imports only these (the widget's
 * loader, manage mode) carries no schema: module-level valibot calls are not dropped when unused.
 */

/** The query parameter of a site's `manageUrl` that carries the token: `https://acme.com/book?ghl-booking=...`. */
export const MANAGE_LINK_PARAM = 'ghl-booking'

/** The routes of a booking's manage link, apart from schemas.ts's `routes` so a widget that only books does not carry them. */
export const manageRoutes = {
  booking: (site: string, token: string) =>
    `/v1/sites/${encodeURIComponent(site)}/bookings/${encodeURIComponent(token)}`,
  reschedule: (site: string, token: string) => `${manageRoutes.booking(site, token)}/reschedule`,
  cancel: (site: string, token: string) => `${manageRoutes.booking(site, token)}/cancel`,
} as const
