/**
 * The times of an appointment GHL returned, as the booking needs them. GHL writes ISO times with an offset on
 * create, but the contact-appointments lookup may write bare wall times of the location's zone (the spec's
 * example), so every reading goes through {@link ghlInstants} with that zone.
 */
import type { GhlAppointment } from '../ghl/types.ts'
import { ghlInstants } from '../ghl/times.ts'
import { atOffsetOf } from '../time/offset.ts'

/**
 * Whether the appointment starts at `start` (an ISO time with an offset). A wall time in the hour a fall-back
 * change repeats names two instants and matches either: the lookup cannot tell them apart, and a contact with
 * appointments at both is far rarer than one whose retried booking must be recognised.
 */
export function startsAt(appointment: GhlAppointment, start: string, zone: string): boolean {
  return ghlInstants(appointment.startTime, zone).includes(Date.parse(start))
}

/**
 * The booking's end, written in the offset of `start`: GHL's `endTime` when it names an instant after the start
 * (of two, the one nearer start + duration), otherwise start + the calendar's duration.
 */
export function bookingEnd(
  appointment: GhlAppointment,
  start: string,
  durationMinutes: number,
  zone: string,
): string {
  const startMs = Date.parse(start)
  const expected = startMs + durationMinutes * 60_000
  const [end = expected] = ghlInstants(appointment.endTime, zone)
    .filter((ms) => ms > startMs)
    .sort((a, b) => Math.abs(a - expected) - Math.abs(b - expected))
  return atOffsetOf(start, end)
}
