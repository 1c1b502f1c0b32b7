/** Helpers for tests that talk to the sandbox directly (through `app.request`), with the headers GHL wants. */
import { SANDBOX } from './seed.ts'
import type { Sandbox } from './index.ts'
import { GHL_VERSIONS, resourceOf, type GhlResource } from './versions.ts'

export { GHL_VERSIONS } from './versions.ts'

/** Authorization and Version headers for a resource (`calendars`, `contacts`, `locations`, ...). */
export function ghlHeaders(resource: GhlResource = 'calendars'): Record<string, string> {
  return {
    authorization: `Bearer ${SANDBOX.token}`,
    version: GHL_VERSIONS[resource],
    accept: 'application/json',
  }
}

/** A clock tests move by hand. */
export interface ManualClock {
  (): number
  /** Moves time forward by `ms`. */
  advance(ms: number): void
  /** Jumps to an instant (epoch ms or ISO string). */
  set(at: number | string): void
}

/** Builds a manual clock starting at `at`. */
export function manualClock(at: number | string): ManualClock {
  let now = typeof at === 'string' ? Date.parse(at) : at
  const clock = (() => now) as ManualClock
  clock.advance = (ms) => void (now += ms)
  clock.set = (to) => void (now = typeof to === 'string' ? Date.parse(to) : to)
  return clock
}

/** Calls the sandbox with GHL headers; a JSON `body` object is serialised. Resolves with status, headers, JSON. */
export async function callSandbox(
  sandbox: Sandbox,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const headers: Record<string, string> = { ...ghlHeaders(resourceOf(path) ?? 'calendars'), ...init.headers }
  if (init.body !== undefined) headers['content-type'] = 'application/json'
  const response = await sandbox.app.request(path, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
  })
  const text = await response.text()
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined }
}

/** A contact id for bookings: upserts a contact with this e-mail. */
export async function upsertContact(sandbox: Sandbox, email = 'visitor@example.com'): Promise<string> {
  const { status, body } = await callSandbox(sandbox, '/contacts/upsert', {
    method: 'POST',
    body: { locationId: SANDBOX.locationId, firstName: 'Vera', lastName: 'Visitor', email },
  })
  if (status !== 200) throw new Error(`upsert failed: ${status} ${JSON.stringify(body)}`)
  return body.contact.id
}

/** Books a slot through the public API; resolves with the status and body. */
export function bookSlot(sandbox: Sandbox, calendarId: string, contactId: string, startTime: string) {
  return callSandbox(sandbox, '/calendars/events/appointments', {
    method: 'POST',
    body: { calendarId, locationId: SANDBOX.locationId, contactId, startTime },
  })
}
