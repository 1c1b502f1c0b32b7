/** The booking form's values, the request built from them, and inline validation with the contract's schema. */
import * as v from 'valibot'
import {
  Contact,
  HONEYPOT_FIELD,
  type Attribution,
  type BookingRequestInput,
  type CalendarInfo,
  type Slot,
} from '../../proxy/src/contract.ts'
import type { Messages } from './i18n.ts'

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

/**
 * Checks the contact with the schema the proxy uses, plus the calendar's own rules (a required phone or notes,
 * consent). English shows the schema's messages; other languages a short "check this field".
 */
export function validateForm(
  request: BookingRequestInput,
  values: FormValues,
  { form }: CalendarInfo,
  t: Messages,
): FieldErrors {
  const errors: FieldErrors = {}
  // The contact's fields are top-level, so an issue's first path key names the field.
  for (const issue of v.safeParse(Contact, request.contact).issues ?? [])
    errors[issue.path![0].key as keyof FormValues] ??= t.check || issue.message
  for (const name of ['phone', 'notes'] as const)
    if (form[name] === 'required' && !values[name].trim()) errors[name] ??= t.required
  if (form.consent && !values.consent) errors.consent = t.required
  return errors
}
