/** The confirmation's calendar links: an RFC 5545 .ics file and a Google Calendar template link. */
import type { Booking } from '../../contract/schemas.ts'

/** An instant as iCalendar UTC date-time: `20260112T090000Z`. */
export const icsDate = (instant: string | number): string =>
  new Date(instant).toISOString().replace(/[-:]|\.\d+/g, '')

/**
 * Escapes TEXT values (RFC 5545 3.3.11): backslash, semicolon, comma; each line break (CRLF, LF or a bare CR, which
 * some clients also end a line at) becomes `\n`, and other control characters but tab, which TEXT may not hold,
 * are dropped. So no value of a booking can end its line and start a property of its own.
 */
export const escapeText = (text: string): string =>
  text
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\r\n?|\n/g, '\\n')
    .replace(/[\x00-\x08\x0a-\x1f\x7f]/g, '')

/** Folds a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character. */
export function foldLine(line: string): string {
  const encoder = new TextEncoder()
  let out = ''
  let size = 0
  for (const char of line) {
    const bytes = encoder.encode(char).length
    if (size + bytes > 75) {
      out += '\r\n '
      size = 1
    }
    out += char
    size += bytes
  }
  return out
}

/**
 * The .ics text of a booking: one VEVENT with UID, DTSTAMP and UTC DTSTART/DTEND, CRLF line ends; `URL` the
 * booking's manage link when it has one (the description names it too: calendar apps show that one).
 */
export function bookingIcs(booking: Booking, description: string, now: number): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//ghl-booking//widget//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${escapeText(booking.id)}@ghl-booking`,
    `DTSTAMP:${icsDate(now)}`,
    `DTSTART:${icsDate(booking.start)}`,
    `DTEND:${icsDate(booking.end)}`,
    `SUMMARY:${escapeText(booking.title)}`,
    ...(description ? [`DESCRIPTION:${escapeText(description)}`] : []),
    // The booking's manage link (a URI value: not escaped as TEXT, but no control character may end its line).
    ...(booking.manageUrl ? [`URL:${booking.manageUrl.replace(/[\x00-\x1f\x7f]/g, '')}`] : []),
    'END:VEVENT',
    'END:VCALENDAR',
  ]
  return lines.map(foldLine).join('\r\n') + '\r\n'
}

/** A `data:` URL for downloading the booking's .ics (a data URL needs no object URL to revoke). */
export const icsHref = (ics: string): string => `data:text/calendar;charset=utf-8,${encodeURIComponent(ics)}`

/** A Google Calendar link that opens a new event filled with the booking. */
export const googleCalendarUrl = (booking: Booking, description: string): string =>
  `https://calendar.google.com/calendar/render?${new URLSearchParams({
    action: 'TEMPLATE',
    text: booking.title,
    dates: `${icsDate(booking.start)}/${icsDate(booking.end)}`,
    details: description,
    ctz: booking.timeZone,
  })}`
