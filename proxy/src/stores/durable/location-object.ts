/**
 * `LocationState`, the Durable Object of one GHL location (named by the location id): the location's GHL budget
 * and the versions of its calendars' free slots. It runs one operation at a time, so its answers are in one order
 * for every Worker isolate, on one clock (its own).
 *
 * Throttle: `reserve` finds the earliest send time that keeps every window of `windowMs + marginMs` at or under
 * `limit` (first come, first served over all isolates), books it and answers how long to wait; the caller waits on
 * a timer of its own request (no request ever waits for another's). Past `maxQueue` reservations ahead it refuses.
 * Held in memory: an object is evicted only after being idle, when no window is open any more.
 *
 * Invalidation: a booking or a webhook `bump`s a calendar's version (and reads it back); an isolate compares the `version` it saw
 * with the current one before it serves that calendar's cached slots. Versions start from a random epoch, so an
 * object evicted and started afresh reads as changed to every isolate (each drops the calendar once).
 */
import { answerCall, type DurableState } from './protocol.ts'

/** Calendars whose version is kept; more (not expected: a location has a few) start over. */
const MAX_CALENDARS = 10_000

/** The outcome of a reservation: wait `waitMs`, or refused with the seconds to wait before retrying. */
export type Reservation = { waitMs: number } | { refused: true; retryAfterSeconds: number }

/** The Durable Object of one GHL location: bind it as `LOCATION_STATE` (see wrangler.jsonc). */
export class LocationState {
  // Send times granted and reserved, in order (never decreasing), on this object's clock.
  readonly #sends: number[] = []
  readonly #versions = new Map<string, number>()
  readonly #epoch = crypto.randomUUID()

  constructor(_state: DurableState, _env?: unknown) {}

  fetch(request: Request): Promise<Response> {
    return answerCall(request, {
      reserve: (args: { limit: number; windowMs: number; marginMs: number; maxQueue: number }) =>
        this.#reserve(args),
      version: ({ calendarId }: { calendarId: string }) =>
        `${this.#epoch}:${this.#versions.get(calendarId) ?? 0}`,
      bump: ({ calendarId }: { calendarId: string }) => {
        if (!this.#versions.has(calendarId) && this.#versions.size >= MAX_CALENDARS) this.#versions.clear()
        const version = (this.#versions.get(calendarId) ?? 0) + 1
        this.#versions.set(calendarId, version)
        return `${this.#epoch}:${version}`
      },
    })
  }

  #reserve({ limit, windowMs, marginMs, maxQueue }: Record<string, number>): Reservation {
    const span = windowMs! + marginMs!
    const now = Date.now()
    const sends = this.#sends
    let gone = 0
    while (gone < sends.length && sends[gone]! <= now - span) gone++
    if (gone) sends.splice(0, gone)
    const at = sends.length < limit! ? now : Math.max(now, sends[sends.length - limit!]! + span)
    if (at > now) {
      let waiting = 0
      while (waiting < sends.length && sends[sends.length - 1 - waiting]! > now) waiting++
      if (waiting >= maxQueue!) return { refused: true, retryAfterSeconds: Math.ceil((at - now) / 1000) }
    }
    sends.push(at)
    return { waitMs: at - now }
  }
}
