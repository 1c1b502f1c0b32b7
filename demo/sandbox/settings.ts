/**
 * Switches for how the sandbox writes data where GHL's own format is uncertain, so a client can be tested against
 * each form GHL may send. Set at creation (`createSandbox`) or at run time (`POST /_sandbox/settings`).
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
})
export type Settings = v.InferOutput<typeof Settings>

/** A partial update, as `POST /_sandbox/settings` accepts it. */
export const SettingsPatch = v.partial(Settings)
export type SettingsPatch = v.InferOutput<typeof SettingsPatch>

/** The defaults: ISO everywhere. */
export const DEFAULT_SETTINGS: Settings = { contactAppointmentTimes: 'iso' }
