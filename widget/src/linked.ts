/**
 * Whether this page was opened from a booking's link (`?ghl-booking=<token>`, contract/manage-link.ts): then the
 * first screen draws nothing and starts no request, and the full widget decides which widget shows the booking
 * (mount.tsx). A plain test rather than a parsed query: it costs `widget.js` a few bytes, and the full widget reads
 * the token properly.
 */
import { MANAGE_LINK_PARAM } from '../../contract/manage-link.ts'

/** True on a page whose query names a booking's link. */
export const linked = location.href.includes(MANAGE_LINK_PARAM + '=')
