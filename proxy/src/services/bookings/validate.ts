/** Checks a booking request against the contract and the site's form rules, before anything reaches GHL. */
import * as v from 'valibot'
import {
  BookingRequest,
  HONEYPOT_FIELD,
  IdempotencyKey,
  toIssues,
  type Issue,
} from '../../../../contract/schemas.ts'
import { ProxyError } from '../../errors.ts'
import type { Site } from '../../config/sites.ts'

/** The name of the header that carries the idempotency key. */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key'

/**
 * Validates the header and the parsed JSON body. Throws ProxyError: 400 `invalid_request` with every issue
 * (header and body together, so the widget can show them at once), 404 `unknown_calendar` for a calendar the
 * site does not list, 400 for a filled honeypot.
 */
export function validateBooking(
  site: Site,
  keyHeader: string | undefined,
  body: unknown,
): { key: string; request: BookingRequest } {
  const issues: Issue[] = []
  const key = v.safeParse(IdempotencyKey, keyHeader ?? '')
  if (!key.success) {
    issues.push({
      path: IDEMPOTENCY_HEADER,
      message: keyHeader ? key.issues[0].message : `The ${IDEMPOTENCY_HEADER} header is required`,
    })
  }
  const parsed = v.safeParse(BookingRequest, body)
  if (!parsed.success) issues.push(...toIssues(parsed.issues))
  if (!key.success || !parsed.success) throw invalid(issues)

  const request = parsed.output
  if (!site.calendars.includes(request.calendarId)) {
    throw new ProxyError(404, 'unknown_calendar', 'This calendar is not available on this site')
  }
  // People never see the honeypot; a value means a form-filling bot. Say little about why.
  if (request[HONEYPOT_FIELD] !== '') {
    throw new ProxyError(400, 'invalid_request', 'The booking could not be accepted')
  }
  issues.push(...formIssues(site, request))
  if (issues.length) throw invalid(issues)
  return { key: key.output, request }
}

/** The site's own rules: consent when it asks for it, phone and notes when they are required. */
function formIssues(site: Site, request: BookingRequest): Issue[] {
  const issues: Issue[] = []
  if (site.consent && request.consent !== true) {
    issues.push({ path: 'consent', message: 'Please accept the terms to book' })
  }
  if (site.phone === 'required' && !request.contact.phone) {
    issues.push({ path: 'contact.phone', message: 'Please enter your phone number' })
  }
  if (site.notes === 'required' && !request.notes) {
    issues.push({ path: 'notes', message: 'Please add a note' })
  }
  return issues
}

function invalid(issues: Issue[]): ProxyError {
  return new ProxyError(400, 'invalid_request', 'Some fields need attention', { issues })
}

/**
 * A stable digest of the validated request, so the same key with another body can be told apart.
 * The honeypot and the Turnstile token are left out (a retry may bring a fresh token for the same booking); the
 * rest is the schema's output in its fixed key order.
 */
export async function fingerprint(request: BookingRequest): Promise<string> {
  const { [HONEYPOT_FIELD]: _honeypot, turnstileToken: _token, ...rest } = request
  const bytes = new TextEncoder().encode(JSON.stringify(rest))
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')
}
