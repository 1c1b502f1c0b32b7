/**
 * The widget's English messages: the one table that names every key. The widget builds it in (English is the
 * fallback for any message a catalog lacks); every other language is a JSON file in locales/ with exactly these
 * keys (checked by catalogs.test.ts). Dates and times never appear here: Intl formats them. A message with a
 * count is an object of `Intl.PluralRules` categories. The words of manage mode are a table of their own
 * (manage-messages.ts), built into manage mode's module only; a catalog holds the keys of both.
 */

/** A message with a count: text per `Intl.PluralRules` category (`other` is required). */
export type Plural = { other: string } & Partial<Record<Intl.LDMLPluralRule, string>>

/** The built-in English messages, which name every key. */
export const en = {
  loading: 'Loading availability…',
  loadingTimes: 'Loading times…',
  prevMonth: 'Previous month',
  nextMonth: 'Next month',
  nextAvailable: 'Jump to the next free time',
  none: 'No free times in this period.',
  noneDay: 'No free times on this day.',
  free: { one: '{n} free time', other: '{n} free times' } as Plural,
  today: 'today',
  timesOn: 'Times on {date}',
  timeZone: 'Time zone',
  // A zone the site locked, on its own line: "Time zone: New York (GMT-04:00)".
  zoneLocked: 'Time zone: {zone}',
  // A zone (its name or offset) after what it qualifies, bracketed the language's way: "9:00 AM (Eastern Time)".
  zoneInBrackets: '{text} ({zone})',
  zoneSearch: 'Type a city or region',
  zoneDetected: 'Your time zone',
  zoneNone: 'No time zone matches.',
  yourDetails: 'Your details',
  firstName: 'First name',
  lastName: 'Last name',
  email: 'E-mail',
  phone: 'Phone',
  notes: 'Notes',
  optional: '(optional)',
  book: 'Book appointment',
  booking: 'Booking your appointment…',
  back: 'Back',
  required_firstName: 'Please enter your first name',
  required_lastName: 'Please enter your last name',
  required_email: 'Please enter your e-mail address',
  required_phone: 'Please enter your phone number',
  required_notes: 'Please add a note for the appointment',
  invalid_email: 'Please enter a valid e-mail address',
  invalid_phone: 'Please enter a valid phone number',
  tooLong: {
    one: 'Please shorten this to {n} character',
    other: 'Please shorten this to {n} characters',
  } as Plural,
  consent: 'Please tick the box to agree before booking',
  challenge: 'Please complete the security check before booking',
  limit: { one: 'Up to {n} character', other: 'Up to {n} characters' } as Plural,
  left: { one: '{n} character left', other: '{n} characters left' } as Plural,
  // Messages for the failures of these codes; `invalid_request` also when the form has errors.
  invalid_request: 'Please correct the highlighted fields.',
  slot_taken: 'Sorry, that time was just taken. Please choose another time.',
  slot_taken_next:
    'Sorry, that time was just taken, and it was the last one that day. Here are the times on {date}.',
  rate_limited: {
    one: 'Too many requests. Please wait {n} second, then try again.',
    other: 'Too many requests. Please wait {n} seconds, then try again.',
  } as Plural,
  offline: 'You seem to be offline. Check your connection, then try again.',
  upstream_unavailable: 'The calendar is not answering. Please try again in a moment.',
  failed: 'Something went wrong. Please try again.',
  challenge_failed: 'The security check was not passed. Please complete it again, then book.',
  challenge_required: 'Please complete the security check before booking',
  // A failure only the site owner can end: a page, site or calendar the proxy does not allow (the console says).
  unavailable: 'Online booking is not available on this page.',
  retry: 'Try again',
  booked: 'You are booked',
  what: 'What',
  when: 'When',
  duration: 'Duration',
  businessTime: '{time} for the business ({zone})',
  nextSteps: 'What happens next',
  nextText: 'You will receive a confirmation at {email}. If anything changes, the business will contact you.',
  addToCalendar: 'Add to your calendar',
  google: 'Google Calendar',
  outlook: 'Outlook.com',
  ics: 'Apple or Outlook (.ics)',
  another: 'Book another time',
  // The booking's manage link, on the confirmation and in the calendar file's description.
  manage: 'Reschedule or cancel',
  open: 'Book an appointment',
  close: 'Close',
  // The header: who the visitor meets ({name} is one name, or a list the widget writes with Intl.ListFormat,
  // "Ava Smith or Ben Okafor" on a round robin, "and" on a collective), and where, by kind of place.
  with: 'with {name}',
  withTeam: 'with our team',
  place_video: 'Video call',
  place_phone: 'Phone call',
  place_in_person: 'In person',
  place_other: 'Location shared after booking',
}
