/**
 * The proxy's manage routes as manage mode's browser tests see them (msw, beside handlers.ts): one booking behind
 * one token, moved and cancelled as the proxy does; a test sets a refusal or a taken time in `manageFixture`.
 */
import { http, HttpResponse } from 'msw'
import type { CancelRequest, ManagedBooking, RescheduleRequest } from '../../contract/manage.ts'
import type { ErrorCode, Slot } from '../../contract/schemas.ts'
import { firstFreeDay } from './handlers.ts'
import { zonedTime } from './clock.ts'

/** The token of the link the tests open. */
export const TOKEN = 'tok_abcdefghijklmnopqrstuvwxyz0123456789'

/** The booking as the fake proxy holds it: on the first free day at 11:30 UTC, a time no free slot has. */
export function managedBooking(): ManagedBooking {
  const day = firstFreeDay()
  const start = zonedTime(day, '11:30', 'UTC')
  return {
    id: 'appt-7',
    calendarId: 'cal-1',
    calendarName: 'Intro call',
    start,
    end: zonedTime(day, '12:00', 'UTC'),
    title: 'Intro call, Ada Lovelace',
    status: 'confirmed',
    timeZone: 'America/New_York',
    canReschedule: true,
    canCancel: true,
    changeDeadline: new Date(Date.parse(start) - 60 * 60_000).toISOString(),
    manageToken: TOKEN,
  }
}

/** What a test sets, and what the fake proxy received. */
export const manageFixture = {
  booking: managedBooking(),
  /** The error the booking's GET answers with, instead of the booking. */
  refusal: null as ErrorCode | null,
  /** The error a change answers with (`slot_taken` comes with `alternatives`). */
  changeRefusal: null as ErrorCode | null,
  alternatives: [] as Slot[],
  reschedules: [] as { key: string | null; body: RescheduleRequest }[],
  cancels: [] as { key: string | null; body: CancelRequest }[],
}

/** Puts the fixture back as a test found it. */
export function resetManage() {
  Object.assign(manageFixture, {
    booking: managedBooking(),
    refusal: null,
    changeRefusal: null,
    alternatives: [],
    reschedules: [],
    cancels: [],
  })
}

const STATUS: Partial<Record<ErrorCode, number>> = { link_invalid: 404, link_expired: 410, slot_taken: 409 }
const refuse = (code: ErrorCode, slots?: Slot[]) =>
  HttpResponse.json(
    { error: { code, message: `refused: ${code}`, ...(slots && { slots }) } },
    { status: STATUS[code] ?? 409 },
  )

/** The three manage routes over `manageFixture`; only the fixture's token opens the booking. */
export const manageHandlers = [
  http.get('*/v1/sites/:site/bookings/:token', ({ params }) => {
    if (params.token !== TOKEN) return refuse('link_invalid')
    return manageFixture.refusal ? refuse(manageFixture.refusal) : HttpResponse.json(manageFixture.booking)
  }),
  http.post('*/v1/sites/:site/bookings/:token/reschedule', async ({ request }) => {
    const body = (await request.json()) as RescheduleRequest
    manageFixture.reschedules.push({ key: request.headers.get('idempotency-key'), body })
    const code = manageFixture.changeRefusal
    if (code) return refuse(code, code === 'slot_taken' ? manageFixture.alternatives : undefined)
    const end = new Date(Date.parse(body.start) + 30 * 60_000).toISOString()
    manageFixture.booking = { ...manageFixture.booking, start: body.start, end }
    return HttpResponse.json(manageFixture.booking)
  }),
  http.post('*/v1/sites/:site/bookings/:token/cancel', async ({ request }) => {
    const body = (await request.json()) as CancelRequest
    manageFixture.cancels.push({ key: request.headers.get('idempotency-key'), body })
    const code = manageFixture.changeRefusal
    if (code) return refuse(code)
    const refusal = { code: 'booking_cancelled' as const, message: 'The booking is cancelled' }
    manageFixture.booking = {
      ...manageFixture.booking,
      status: 'cancelled',
      canReschedule: false,
      canCancel: false,
      rescheduleRefusal: refusal,
      cancelRefusal: refusal,
    }
    return HttpResponse.json(manageFixture.booking)
  }),
]
