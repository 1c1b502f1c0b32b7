/** The webhook bodies the proxy acts on, as valibot schemas (GHL docs: webhook events, WebhookAuthentication). */
import * as v from 'valibot'

/** The appointment events that change free slots. */
export const APPOINTMENT_EVENTS = ['AppointmentCreate', 'AppointmentUpdate', 'AppointmentDelete'] as const

/** A timestamp as GHL sends it (ISO string); epoch milliseconds are accepted too. Output: epoch ms. */
export const WebhookTimestamp = v.pipe(
  v.union([v.pipe(v.string(), v.maxLength(64)), v.number()]),
  v.transform((value) => (typeof value === 'number' ? value : Date.parse(value))),
  v.check((ms) => Number.isFinite(ms), 'Expected an ISO timestamp'),
)

/** What every signed delivery carries: its type, when it was sent and its unique id. */
export const WebhookEnvelope = v.object({
  type: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  timestamp: WebhookTimestamp,
  webhookId: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  locationId: v.optional(v.string()),
})
export type WebhookEnvelope = v.InferOutput<typeof WebhookEnvelope>

/** An Appointment{Create,Update,Delete} delivery: only the fields the proxy uses are required. */
export const AppointmentWebhook = v.object({
  type: v.picklist(APPOINTMENT_EVENTS),
  appointment: v.object({
    id: v.pipe(v.string(), v.minLength(1)),
    calendarId: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
    startTime: v.optional(v.string()),
  }),
})
export type AppointmentWebhook = v.InferOutput<typeof AppointmentWebhook>

/** Whether a delivery's type is one that changes free slots. */
export const isAppointmentEvent = (type: string): boolean =>
  (APPOINTMENT_EVENTS as readonly string[]).includes(type)

const AccountId = v.pipe(v.string(), v.minLength(1), v.maxLength(100))

/**
 * An `INSTALL` or `UNINSTALL` delivery of a Marketplace app (GHL's AppInstall / AppUninstall): a location's when it
 * names a location, else the agency's (company).
 */
export const AppWebhook = v.pipe(
  v.object({
    type: v.picklist(['INSTALL', 'UNINSTALL']),
    appId: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
    companyId: v.optional(AccountId),
    locationId: v.optional(AccountId),
  }),
  v.check((event) => !!(event.locationId || event.companyId), 'Expected a locationId or a companyId'),
)
export type AppWebhook = v.InferOutput<typeof AppWebhook>

/** Whether a delivery's type is an app install or uninstall. */
export const isAppEvent = (type: string): boolean => type === 'INSTALL' || type === 'UNINSTALL'
