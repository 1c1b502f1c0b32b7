/**
 * What a visitor may do with a booking through its link, by the calendar's own rules in GHL (`allowReschedule`,
 * `allowCancellation`, the minimum scheduling notice) and the site's rules in the sites file, which win where set.
 * A refusal names why, with the code and the message a refused change answers with.
 */
import type { ErrorCode } from '../../../../contract/schemas.ts'
import type { ChangeRefusal } from '../../../../contract/manage.ts'
import { ProxyError } from '../../errors.ts'
import type { GhlCalendar } from '../../ghl/types.ts'
import type { Site } from '../../config/sites.ts'

/** Statuses of an appointment that still lies ahead and may change; a missing status is GHL's default, confirmed. */
const OPEN = new Set(['new', 'confirmed'])

/** What a booking allows now. */
export interface ChangeRules {
  /** Why it cannot be moved; undefined when it can. */
  reschedule?: ChangeRefusal
  /** Why it cannot be cancelled; undefined when it can. */
  cancel?: ChangeRefusal
  /** The last instant a change is possible, epoch ms: the start minus the minimum notice. */
  deadlineMs: number
}

/** What the rules are decided from. */
export interface RulesInput {
  site: Site
  calendar: GhlCalendar
  /** The calendar's minimum scheduling notice in minutes, as the proxy bounds it (calendars/bounds.ts). */
  calendarNoticeMinutes: number
  /** GHL's `appointmentStatus`. */
  status: string | undefined
  /** The appointment's start, epoch ms. */
  startMs: number
  now: number
}

/** "2 days", "3 hours", "90 minutes": the largest whole unit. */
export function describeNotice(minutes: number): string {
  const [amount, unit] =
    minutes % 1_440 === 0
      ? [minutes / 1_440, 'day']
      : minutes % 60 === 0
        ? [minutes / 60, 'hour']
        : [minutes, 'minute']
  return `${amount} ${unit}${amount === 1 ? '' : 's'}`
}

const refusal = (code: ErrorCode, message: string): ChangeRefusal => ({ code, message })

/** Decides what the booking allows now. */
export function changeRules(input: RulesInput): ChangeRules {
  const { site, calendar, status = 'confirmed', startMs, now } = input
  const noticeHours = site.manage.minNoticeHours
  const noticeMinutes = noticeHours === undefined ? input.calendarNoticeMinutes : Math.round(noticeHours * 60)
  const deadlineMs = startMs - noticeMinutes * 60_000

  let common: ChangeRefusal | undefined
  if (status === 'cancelled') common = refusal('booking_cancelled', 'This booking was cancelled.')
  else if (!OPEN.has(status)) {
    common = refusal(
      'booking_closed',
      'This booking can no longer be changed online; please contact the business.',
    )
  }
  // As GHL offers a slot exactly its notice ahead, a change exactly at the deadline is still in time.
  const tooLate =
    now > deadlineMs
      ? refusal(
          'change_too_late',
          noticeMinutes > 0
            ? `Changes are possible up to ${describeNotice(noticeMinutes)} before the appointment; please contact the business.`
            : 'Changes are possible until the appointment starts; please contact the business.',
        )
      : undefined
  const mayReschedule = site.manage.reschedule ?? calendar.allowReschedule ?? true
  const mayCancel = site.manage.cancel ?? calendar.allowCancellation ?? true
  return {
    deadlineMs,
    // A cancelled or closed booking first, then a change the business never allows, then one that is too late.
    reschedule:
      common ??
      (mayReschedule
        ? tooLate
        : refusal(
            'reschedule_not_allowed',
            'This booking cannot be moved online; please contact the business.',
          )),
    cancel:
      common ??
      (mayCancel
        ? tooLate
        : refusal(
            'cancel_not_allowed',
            'This booking cannot be cancelled online; please contact the business.',
          )),
  }
}

const STATUS: Partial<Record<ErrorCode, 403 | 409>> = { booking_cancelled: 409, booking_closed: 409 }

/** A refusal as the error a refused change answers with: 409 for the booking's state, 403 for a rule. */
export function refusalError(refused: ChangeRefusal): ProxyError {
  return new ProxyError(STATUS[refused.code] ?? 403, refused.code, refused.message)
}
