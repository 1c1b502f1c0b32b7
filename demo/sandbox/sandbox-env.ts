/** What the sandbox's routes share: the Hono environment and the services behind the handlers. */
import type { FaultKind } from './faults.ts'
import type { SandboxAppointment, SandboxState } from './model.ts'
import type { Settings } from './settings.ts'

/** Variables set on the Hono context by the sandbox's middleware. */
export type SandboxEnv = {
  Variables: {
    /** The location of the bearer token, once authenticated. */
    locationId?: string
    /** The fault that struck this request, if any. */
    fault?: FaultKind
  }
}

/** The webhook event types GHL sends for appointments. */
export type AppointmentEvent = 'AppointmentCreate' | 'AppointmentUpdate' | 'AppointmentDelete'

/** Services the route modules use; built once by `createSandbox`. */
export interface SandboxServices {
  /** The current state (replaced on reset, so always read it through this). */
  state(): SandboxState
  /** Clock, epoch ms. */
  now(): number
  /** The current settings (formats where GHL's own is uncertain). */
  settings(): Settings
  /** A new id with a readable prefix, unique for the sandbox's lifetime (not reset, so ids never repeat). */
  newId(prefix: string): string
  /** Reports an appointment change (sends a signed webhook when one is configured). */
  notify(type: AppointmentEvent, appointment: SandboxAppointment): void
}

/** Builds the id source: `apt-000001`, `ctc-000002`, ... */
export function createIds(): (prefix: string) => string {
  let counter = 0
  return (prefix) => `${prefix}-${String(++counter).padStart(6, '0')}`
}
