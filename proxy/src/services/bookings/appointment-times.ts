/**
 * The times of an appointment GHL returned, as the booking needs them. GHL writes ISO times with an offset on
 * create, but the contact-appointments lookup may write bare wall times of the location's zone (the spec's
 * example), so every reading goes through {@link ghlInstants} with that zone.
 */
import type { GhlAppointment } from '../../ghl/types.ts'
import { ghlInstants } from '../../ghl/times.ts'
import { atOffsetOf } from '../../time/offset.ts'

/**
 * Whether the appointment starts at `start` (an ISO time with an offset). A wall time in the hour a fall-back
 * change repeats names two instants and matches either: the lookup cannot tell them apart, and a contact with
 * appointments at both is far rarer than one whose retried booking must be recognised.
 */
export function startsAt(appointment: GhlAppointment, start: string, zone: string): boolean {
  return ghlInstants(appointment.startTime, zone).includes(Date.parse(start))
}

/**
 * The booking's end, written in the offset of `start`: GHL's `endTime` when it is plausible, otherwise start + the
 * calendar's duration. Plausible is after the start and less than one duration away from start + duration (so
 * within twice the duration of the start): a calendar whose length changed since it was cached still shows GHL's
 * end, while an end before the start or in year 6214 never reaches the visitor. Of two readings, the nearer wins.
 */
export function bookingEnd(
  appointment: GhlAppointment,
  start: string,
  durationMinutes: number,
  zone: string,
): string {
  const startMs = Date.parse(start)
  const durationMs = durationMinutes * 60_000
  const expected = startMs + durationMs
  const [end = expected] = ghlInstants(appointment.endTime, zone)
    .filter((ms) => ms > startMs && Math.abs(ms - expected) < durationMs)
    .sort((a, b) => Math.abs(a - expected) - Math.abs(b - expected))
  return atOffsetOf(start, end)
}
