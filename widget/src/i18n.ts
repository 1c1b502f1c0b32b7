/**
 * The widget's words. English is built in: it names every key and is the fallback for any message a catalog
 * lacks. Other languages are JSON files (locales/*.json) that the proxy serves at `/widget/locales/<lang>.json`
 * and the widget fetches beside the calendar, so visitors who read English never download them (the size
 * budget, test/widget-size.test.ts). Dates and times never appear here: Intl formats them.
 * English field messages come from the contract's schemas (`check` is empty); other languages say `check`.
 */
/** The built-in English messages, which name every key. */
export const en = {
  loading: 'Loading availability…',
  prevMonth: 'Previous month',
  nextMonth: 'Next month',
  nextAvailable: 'Next available',
  none: 'No free times in this period.',
  free: 'free times: {n}',
  timesOn: 'Times on {date}',
  timeZone: 'Time zone',
  yourDetails: 'Your details',
  firstName: 'First name',
  lastName: 'Last name',
  email: 'E-mail',
  phone: 'Phone',
  notes: 'Notes',
  optional: '(optional)',
  book: 'Book appointment',
  back: 'Back',
  check: '',
  required: 'Please fill in this field',
  // Messages for the failures of these codes; `invalid_request` also when the form has errors.
  invalid_request: 'Please correct the highlighted fields.',
  slot_taken: 'Sorry, that time was just taken. Please choose another time.',
  slot_taken_next:
    'Sorry, that time was just taken, and it was the last one that day. Here are the times on {date}.',
  rate_limited: 'Too many requests. Please wait {s} seconds, then try again.',
  offline: 'You seem to be offline. Check your connection, then try again.',
  upstream_unavailable: 'The calendar is not answering. Please try again in a moment.',
  failed: 'Something went wrong. Please try again.',
  // A failure only the site owner can end: a page, site or calendar the proxy does not allow (the console says).
  unavailable: 'Online booking is not available on this page.',
  retry: 'Try again',
  booked: 'You are booked',
  addGoogle: 'Add to Google Calendar',
  ics: 'Download .ics file',
  open: 'Book an appointment',
  close: 'Close',
}

/** The messages of one language, by key. */
export type Messages = typeof en

/** The language of a locale whose messages the proxy serves, or undefined (English, or one we do not have). */
export const remoteLanguage = (locale: string): string | undefined => {
  const lang = locale.slice(0, 2).toLowerCase()
  return ['es', 'de'].includes(lang) ? lang : undefined
}

/** A fetched catalog over English: only string values of known keys count, anything else is ignored. */
export const messagesFrom = (catalog: unknown): Messages => {
  const t = { ...en }
  for (const key in t) {
    const message = (catalog as Record<string, unknown> | null)?.[key]
    if (typeof message == 'string') t[key as keyof Messages] = message
  }
  return t
}

/** Fills `{name}` placeholders. */
export const fill = (message: string, values: Record<string, string | number>): string =>
  message.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k]))
