/** The .ics file is RFC 5545: CRLF lines, folding at 75 octets, UTC times, escaped text; parsed back here. */
import { expect } from 'chai'
import { bookingIcs, escapeText, foldLine } from './ics.ts'

/** Unfolds and splits an iCalendar text into [name, value] pairs, the way a calendar client reads it. */
function parse(ics: string): [string, string][] {
  return ics
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter(Boolean)
    .map((line) => {
      const colon = line.indexOf(':')
      return [line.slice(0, colon), line.slice(colon + 1)]
    })
}
const unescape = (text: string) => text.replace(/\\n/gi, '\n').replace(/\\([\\;,])/g, '$1')

const booking = {
  id: 'appt-42',
  calendarId: 'cal-1',
  start: '2026-03-29T01:30:00+01:00',
  end: '2026-03-29T03:00:00+02:00',
  title: 'Call; with Ada, Lovelace \\ Co',
  timeZone: 'Europe/Berlin',
}

describe('ics', () => {
  it('writes one VEVENT with UID, DTSTAMP and UTC start and end, and parses back', () => {
    const description = 'Line one\nLine two: ünïcödé '.repeat(5)
    const ics = bookingIcs(booking, description, Date.UTC(2026, 0, 2, 3, 4, 5))
    expect(ics.endsWith('\r\n')).to.equal(true)
    expect(ics.replace(/\r\n/g, '')).to.not.match(/[\r\n]/)
    const fields = new Map(parse(ics))
    expect(parse(ics)[0]).to.deep.equal(['BEGIN', 'VCALENDAR'])
    expect(fields.get('VERSION')).to.equal('2.0')
    expect(fields.get('PRODID')).to.be.a('string')
    expect(fields.get('UID')).to.equal('appt-42@ghl-booking')
    expect(fields.get('DTSTAMP')).to.equal('20260102T030405Z')
    expect(fields.get('DTSTART')).to.equal('20260329T003000Z')
    expect(fields.get('DTEND')).to.equal('20260329T010000Z')
    expect(unescape(fields.get('SUMMARY')!)).to.equal(booking.title)
    expect(unescape(fields.get('DESCRIPTION')!)).to.equal(description)
  })

  it('folds lines longer than 75 octets without splitting a character', () => {
    const line = `DESCRIPTION:${'é'.repeat(100)}`
    const folded = foldLine(line)
    const encoder = new TextEncoder()
    for (const part of folded.split('\r\n')) expect(encoder.encode(part).length).to.be.at.most(75)
    expect(folded.replace(/\r\n /g, '')).to.equal(line)
  })

  it('escapes backslash, semicolon, comma and newline', () => {
    expect(escapeText('a\\b;c,d\ne')).to.equal('a\\\\b\\;c\\,d\\ne')
  })

  it('never lets a CR or another control character start a line: each line break is one \\n', () => {
    expect(escapeText('a\rb\r\nc\nd')).to.equal('a\\nb\\nc\\nd')
    expect(escapeText('bell\u0007 nul\u0000 esc\u001b del\u007f tab\t')).to.equal('bell nul esc del tab\t')
    const name = 'Ada\rORGANIZER:mailto:evil@example.com'
    const ics = bookingIcs({ ...booking, id: 'appt\r\nX-INJECTED:1', title: name }, 'one\rtwo', 0)
    const lines = ics.split('\r\n')
    // Only CRLF ends a line, and no line is one the booking's values made up.
    expect(ics.replace(/\r\n/g, '')).to.not.match(/[\r\n]/)
    expect(lines.some((line) => /^(ORGANIZER|X-INJECTED)/.test(line))).to.equal(false)
    const fields = new Map(parse(ics))
    expect(unescape(fields.get('SUMMARY')!)).to.equal('Ada\nORGANIZER:mailto:evil@example.com')
    expect(unescape(fields.get('DESCRIPTION')!)).to.equal('one\ntwo')
  })

  it("carries the booking's manage link as URL, and none without one", () => {
    const manageUrl = 'https://acme.example/book?ghl-booking=abc_DEF-123&x=1,2;3'
    const fields = new Map(parse(bookingIcs({ ...booking, manageUrl }, 'd', 0)))
    expect(fields.get('URL')).to.equal(manageUrl)
    expect(new Map(parse(bookingIcs(booking, 'd', 0))).has('URL')).to.equal(false)
    const lines = bookingIcs({ ...booking, manageUrl: `${manageUrl}\r\nX-INJECTED:1` }, 'd', 0).split('\r\n')
    expect(lines.some((line) => line.startsWith('X-INJECTED'))).to.equal(false)
  })
})
