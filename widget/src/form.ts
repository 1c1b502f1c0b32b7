/** The booking form's values, the request built from them, and inline validation with the contract's schema. */
import * as v from 'valibot'
import {
  Contact,
  HONEYPOT_FIELD,
  type Attribution,
  type BookingRequestInput,
  type CalendarInfo,
  type Slot,
} from '../../contract/schemas.ts'
import { plural, type Messages } from './i18n.ts'

/** What the visitor typed. `honeypot` is the hidden field only bots fill in. */
export interface FormValues {
  firstName: string
  lastName: string
  email: string
  phone: string
  notes: string
  consent: boolean
  honeypot: string
}

/** Field name → message, for the fields with a problem. */
export type FieldErrors = Partial<Record<keyof FormValues, string>>

/** The longest note the proxy takes (the contract's `notes`); the field shows it before the visitor reaches it. */
export const NOTES_MAX = 2000

/** The contract's booking body for these values and this slot; `turnstileToken` when a challenge was solved. */
export function bookingRequest(
  values: FormValues,
  slot: Slot,
  timeZone: string,
  calendarId: string,
  attribution: Attribution,
  turnstileToken = '',
): BookingRequestInput {
  // What remains after the other fields is the contact: first and last name, e-mail and phone.
  const { notes, consent, honeypot, ...contact } = values
  return {
    calendarId,
    start: slot.start,
    timeZone,
    contact,
    notes,
    consent,
    attribution,
    [HONEYPOT_FIELD]: honeypot,
    ...(turnstileToken && { turnstileToken }),
  }
}

type Named = 'firstName' | 'lastName' | 'email' | 'phone' | 'notes'

/**
 * Checks the contact with the schema the proxy uses, plus the calendar's own rules (a required phone or notes,
 * consent). Every message comes from the message table, named for its field: an empty field says what to enter,
 * a bad e-mail or phone says so, an overlong one gives the limit.
 */
export function validateForm(
  request: BookingRequestInput,
  values: FormValues,
  { form }: CalendarInfo,
  t: Messages,
  locale: string,
): FieldErrors {
  const errors: FieldErrors = {}
  const say = (name: Named, issue?: v.BaseIssue<unknown>) => {
    errors[name] ??= !values[name].trim()
      ? t[`required_${name}`]
      : issue?.type === 'max_length'
        ? plural(t.tooLong, issue.requirement as number, locale)
        : (t[`invalid_${name as 'email' | 'phone'}`] ?? t.failed)
  }
  // The contact's fields are top-level, so an issue's first path key names the field.
  for (const issue of v.safeParse(Contact, request.contact).issues ?? [])
    say(issue.path![0].key as Named, issue)
  for (const name of ['phone', 'notes'] as const)
    if (form[name] === 'required' && !values[name].trim()) say(name)
  if (values.notes.length > NOTES_MAX) errors.notes = plural(t.tooLong, NOTES_MAX, locale)
  if (form.consent && !values.consent) errors.consent = t.consent
  return errors
}
