/**
 * Switches for how the sandbox writes data where GHL's own format is uncertain, so a client can be tested against
 * each form GHL may send, and for what the token may read. Set at creation (`createSandbox`) or at run time
 * (`POST /_sandbox/settings`).
 */
import * as v from 'valibot'

/** The switches. */
export const Settings = v.strictObject({
  /**
   * How `GET /contacts/{contactId}/appointments` writes times: `iso`, with the location's offset like every other
   * route (`2026-03-09T09:00:00-04:00`); `spec`, as the spec's example does (`2026-03-09 09:00:00`, a wall time of
   * the location's zone, no offset).
   */
  contactAppointmentTimes: v.picklist(['iso', 'spec']),
  /**
   * Whether the token holds the `users.readonly` scope. Without it `GET /users/{userId}` answers 401
   * `The token is not authorized for this scope.`, as GHL does for a Private Integration made without that scope.
   */
  usersReadonly: v.boolean(),
})
export type Settings = v.InferOutput<typeof Settings>

/** A partial update, as `POST /_sandbox/settings` accepts it. */
export const SettingsPatch = v.partial(Settings)
export type SettingsPatch = v.InferOutput<typeof SettingsPatch>

/** The defaults: ISO everywhere, and a token that may read users. */
export const DEFAULT_SETTINGS: Settings = { contactAppointmentTimes: 'iso', usersReadonly: true }
