/**
 * The slot engine: which start times a calendar offers, from its weekly hours, custom dates, interval, duration,
 * buffers, seats per slot, daily cap, booking window, team members and existing appointments. Wall times are in
 * the location's zone, so a 9:00 opening is 9:00 on both sides of a daylight-saving change.
 */
import type { Hour, SandboxAppointment, SandboxCalendar } from './model.ts'
import type { LocalDate } from './zoned-time.ts'
import {
  addDays,
  addMonths,
  compareDates,
  formatDate,
  formatZoned,
  wallTime,
  weekday,
  zonedInstant,
} from './zoned-time.ts'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** Milliseconds in one of GHL's duration units. */
export function toMs(value: number | undefined, unit: 'mins' | 'hours' | undefined): number {
  return (value ?? 0) * (unit === 'hours' ? HOUR : MINUTE)
}

/** What the engine needs besides the calendar. */
export interface SlotContext {
  /** Appointments of any calendar; only this calendar's, not cancelled, take room. */
  appointments: Iterable<SandboxAppointment>
  /** The location's zone: opening hours and dates are wall times there. */
  locationTimeZone: string
  /** Current time, epoch ms. */
  now: number
  /** Skip the minimum notice and the booking horizon (GHL's `ignoreDateRange`). */
  ignoreDateRange?: boolean
  /** Only these team members (free-slots' `userId`/`userIds`, or a round robin's assigned user). Default all. */
  userIds?: readonly string[]
}

/** The opening windows of one local date: a custom date replaces the weekly hours unless `availabilityType` says otherwise. */
function hoursOn(calendar: SandboxCalendar, date: LocalDate): Hour[] {
  const key = formatDate(date)
  const custom = calendar.availabilities.filter((a) => !a.deleted && a.date.slice(0, 10) === key)
  const weekly = calendar.openHours
    .filter((o) => o.daysOfTheWeek.includes(weekday(date)))
    .flatMap((o) => o.hours)
  if (calendar.availabilityType === 1) return custom.flatMap((a) => a.hours)
  if (calendar.availabilityType === 0) return weekly
  return custom.length ? custom.flatMap((a) => a.hours) : weekly
}

/** The earliest bookable instant: now plus the minimum scheduling notice. */
function earliestStart(calendar: SandboxCalendar, ctx: SlotContext): number {
  const { allowBookingAfter: n = 0, allowBookingAfterUnit: unit } = calendar
  if (ctx.ignoreDateRange || !n) return ctx.now
  if (unit === 'months') {
    const w = wallTime(ctx.now, ctx.locationTimeZone)
    return zonedInstant(addMonths(w, n), w.hour * 60 + w.minute, ctx.locationTimeZone)
  }
  return ctx.now + n * (unit === 'weeks' ? 7 * DAY : unit === 'days' ? DAY : HOUR)
}

/** The last bookable local date (inclusive): today plus `allowBookingFor`; none when unset. */
function lastDate(calendar: SandboxCalendar, ctx: SlotContext): LocalDate | undefined {
  const { allowBookingFor: n = 0, allowBookingForUnit: unit } = calendar
  if (ctx.ignoreDateRange || !n) return undefined
  const today = wallTime(ctx.now, ctx.locationTimeZone)
  if (unit === 'months') return addMonths(today, n)
  return addDays(today, unit === 'weeks' ? 7 * n : n)
}

/** Start instants (epoch ms, ascending) of the free slots whose start lies in `fromMs..untilMs` inclusive. */
export function freeSlotStarts(
  calendar: SandboxCalendar,
  fromMs: number,
  untilMs: number,
  ctx: SlotContext,
): number[] {
  const members = calendar.teamMembers
    .map((m) => m.userId)
    .filter((id) => !ctx.userIds || ctx.userIds.includes(id))
  if (!calendar.isActive || untilMs < fromMs || (ctx.userIds && members.length === 0)) return []
  // A round robin books one member per appointment: a slot is free while any member has room in it. Other
  // calendars count every appointment against the slot (a collective's appointments take all its members).
  const perMember = calendar.calendarType === 'round_robin'
  const zone = ctx.locationTimeZone
  const duration = toMs(calendar.slotDuration || 30, calendar.slotDurationUnit)
  const interval = toMs(calendar.slotInterval || calendar.slotDuration || 30, calendar.slotIntervalUnit)
  const pre = toMs(calendar.preBuffer, calendar.preBufferUnit)
  const post = toMs(calendar.slotBuffer, calendar.slotBufferUnit)
  const seats = Math.max(1, calendar.appoinmentPerSlot || 1)
  const earliest = Math.max(fromMs, earliestStart(calendar, ctx))
  const last = lastDate(calendar, ctx)
  const taken = [...ctx.appointments].filter(
    (a) => a.calendarId === calendar.id && a.appointmentStatus !== 'cancelled',
  )

  const starts = new Set<number>()
  // A day's windows can begin before `fromMs` in another zone's terms: start one local day early.
  let date = addDays(wallTime(fromMs, zone), -1)
  const end = addDays(wallTime(untilMs, zone), 1)
  for (; compareDates(date, end) <= 0; date = addDays(date, 1)) {
    if (last && compareDates(date, last) > 0) break
    const day = formatDate(date)
    if (calendar.appoinmentPerDay) {
      const booked = taken.filter((a) => formatDate(wallTime(a.startMs, zone)) === day).length
      if (booked >= calendar.appoinmentPerDay) continue
    }
    const dayStart = zonedInstant(date, 0, zone)
    const nearby = taken.filter(
      (a) => a.endMs + post + pre > dayStart - DAY && a.startMs - pre - post < dayStart + 2 * DAY,
    )
    for (const h of hoursOn(calendar, date)) {
      const open = h.openHour * 60 + h.openMinute
      let close = h.closeHour * 60 + h.closeMinute
      if (close <= open) close += 24 * 60 // a window closing at 0:00 runs to midnight
      const openMs = zonedInstant(date, open, zone)
      const closeMs = zonedInstant(date, close, zone)
      // Without an offset change inside the window, wall minutes and elapsed minutes agree: step in ms.
      const steady = closeMs - openMs === (close - open) * MINUTE
      for (let m = open; ; m += interval / MINUTE) {
        const start = steady ? openMs + (m - open) * MINUTE : zonedInstant(date, m, zone)
        if (start + duration > closeMs) break
        if (start < earliest || start > untilMs) continue
        // Buffers keep meetings apart but do not stack: a slot clashes with a booking when the slot's meeting
        // touches the booking's buffers, or the slot's buffers touch the booking's meeting.
        const clashes = nearby.filter(
          (a) =>
            (start < a.endMs + post && start + duration > a.startMs - pre) ||
            (start - pre < a.endMs && start + duration + post > a.startMs),
        )
        const free = perMember
          ? members.some((id) => clashes.filter((a) => a.assignedUserId === id).length < seats)
          : clashes.length < seats
        if (free) starts.add(start)
      }
    }
  }
  return [...starts].sort((a, b) => a - b)
}

/** The free-slots body: starts grouped by local date of `timeZone`, each written with that zone's offset. */
export function groupByDate(
  starts: readonly number[],
  timeZone: string,
): Record<string, { slots: string[] }> {
  const out: Record<string, { slots: string[] }> = {}
  for (const start of starts) {
    const key = formatDate(wallTime(start, timeZone))
    ;(out[key] ??= { slots: [] }).slots.push(formatZoned(start, timeZone))
  }
  return out
}

/** The slot length of a calendar in ms (its `slotDuration`, default 30 minutes). */
export function slotLength(calendar: SandboxCalendar): number {
  return toMs(calendar.slotDuration || 30, calendar.slotDurationUnit)
}
