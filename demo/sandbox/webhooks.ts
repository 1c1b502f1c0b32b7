/**
 * Signed webhook deliveries for appointment changes, like GHL's Marketplace webhooks: a JSON body with `type`,
 * `locationId`, `appointment`, `timestamp` and `webhookId`, and `x-ghl-signature`, the base64 Ed25519 signature
 * of the exact body bytes. AppInstall / AppUninstall (`type` `INSTALL` / `UNINSTALL`) go the same way to the same
 * target. Fire-and-forget: a failed delivery is recorded, never thrown.
 */
import type { AppointmentEvent } from './sandbox-env.ts'
import type { SandboxAppointment } from './model.ts'
import type { AppEvent } from './oauth.ts'
import { webhookAppointment } from './present.ts'
import { signWebhookBody } from './webhook-keys.ts'

/** Where deliveries go. */
export interface WebhookTarget {
  /** The receiving URL, e.g. the proxy's `/v1/webhooks/ghl`. */
  url: string
  /** Fetch used to deliver; default the global one. */
  fetch?: typeof fetch
}

/** One delivery attempt, as `GET /_sandbox/webhooks` shows it. */
export interface WebhookDelivery {
  webhookId: string
  type: AppointmentEvent | AppEvent['type']
  /** The appointment of an Appointment* delivery. */
  appointmentId?: string
  url: string
  /** Epoch ms from the sandbox clock. */
  at: number
  /** HTTP status of the receiver's answer; absent while in flight or when the request failed. */
  status?: number
  /** Why the delivery failed, when it did. */
  error?: string
}

/** Options of {@link createWebhookSender}. */
export interface WebhookSenderOptions {
  /** The current target, or none (then nothing is sent). */
  target: () => WebhookTarget | undefined
  now: () => number
  locationId: string
  timeZone: () => string
  newId: (prefix: string) => string
}

/** Sends and records webhook deliveries. */
export interface WebhookSender {
  send(type: AppointmentEvent, appointment: SandboxAppointment): void
  /** Sends an AppInstall / AppUninstall. */
  sendApp(event: AppEvent): void
  deliveries(): WebhookDelivery[]
  /** Resolves when every delivery started so far has finished. */
  settle(): Promise<void>
  reset(): void
}

/** Builds the sender. */
export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  let log: WebhookDelivery[] = []
  const inFlight = new Set<Promise<void>>()

  async function deliver(target: WebhookTarget, record: WebhookDelivery, body: Uint8Array<ArrayBuffer>) {
    try {
      const signature = await signWebhookBody(body)
      const response = await (target.fetch ?? fetch)(target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-ghl-signature': signature },
        body,
      })
      record.status = response.status
      await response.body?.cancel()
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error)
    }
  }

  function dispatch(payload: { type: WebhookDelivery['type'] }, appointmentId?: string) {
    const target = options.target()
    if (!target) return
    const webhookId = options.newId('whk')
    const at = options.now()
    const body = new TextEncoder().encode(
      JSON.stringify({ ...payload, timestamp: new Date(at).toISOString(), webhookId }),
    )
    const record: WebhookDelivery = {
      webhookId,
      type: payload.type,
      ...(appointmentId && { appointmentId }),
      url: target.url,
      at,
    }
    log.push(record)
    const done = deliver(target, record, body).finally(() => inFlight.delete(done))
    inFlight.add(done)
  }

  return {
    send(type, appointment) {
      const payload = {
        type,
        locationId: options.locationId,
        appointment: webhookAppointment(appointment, options.timeZone()),
      }
      dispatch(payload, appointment.id)
    },
    sendApp: (event) => dispatch(event),
    deliveries: () => log.map((d) => ({ ...d })),
    async settle() {
      while (inFlight.size) await Promise.all([...inFlight])
    },
    reset() {
      log = []
    },
  }
}
