/**
 * The visitor's actions in manage mode: load the booking, pick a new time on the booking flow's month grid
 * (flow.ts loads its months), confirm the move, or give a reason and cancel. They write the state in a batch and
 * ask for focus: each new screen's heading, the times of a chosen day, a problem's notice.
 */
import { batch } from '@preact/signals'
import type { ManagedBooking } from '../../../contract/manage.ts'
import { manageEn } from '../../../contract/manage-messages.ts'
import type { Slot } from '../../../contract/schemas.ts'
import { newKey } from '../actions.ts'
import { Failure, type Api } from '../api.ts'
import { addDays, addMonths, dayKeyer, formatLongDay } from '../dates.ts'
import { createFlow, type Emit, type Flow } from '../flow.ts'
import type { Focus, FocusTarget } from '../focus.ts'
import { fill, messagesFrom, plural, type Messages, type Plural } from '../i18n.ts'
import { shown } from '../surface.ts'
import type { ManageApi } from './api.ts'
import type { ManageMessages, ManageState, Screen } from './state.ts'

/** Options of `createManageActions`. */
export interface ManageActionOptions {
  state: ManageState
  api: ManageApi
  /** The client of the booking's calendar, for its free times. */
  calendarApi: (calendarId: string) => Api
  /** The language's catalog (unchecked), or null for English; it left at mount. */
  words: Promise<unknown> | null
  emit: Emit
  focus: Focus
}

/** Refusals of the link itself: nothing on the page can be done with it. */
const REFUSED = ['link_invalid', 'link_expired', 'unknown_site', 'origin_not_allowed']

/** Creates the actions of one widget in manage mode. */
export function createManageActions({
  state: ms,
  api,
  calendarApi,
  words,
  emit,
  focus,
}: ManageActionOptions) {
  const { s } = ms
  let flow: Flow | undefined
  // One idempotency key per attempted change: kept across retries, replaced when the choice changes.
  let key: string | null = null

  /** The message for a failure: manage mode's refusals, the booking flow's failures, or a plain one. */
  const say = (f: Failure): string => {
    const found = ms.m.value[f.code as keyof ManageMessages] ?? s.t.value[f.code as keyof Messages]
    if (typeof found == 'string') return found
    return found ? plural(found as Plural, f.extra.retryAfter ?? 30, s.locale) : s.t.value.failed
  }

  /** Shows a failure as the notice (announced, focused when `target`), and reports it. */
  const fail = (e: unknown, target: FocusTarget | null = 'notice') => {
    const f = e instanceof Failure ? e : new Failure('internal', String(e))
    batch(() => {
      s.failure.value = f
      s.notice.value = s.announce.value = say(f)
    })
    if (target) focus.request(target)
    emit('error', { code: f.code, message: f.message })
    return f
  }

  const clear = () =>
    batch(() => {
      s.failure.value = null
      s.notice.value = ''
    })

  /** Moves to `screen`, announcing `said`, its heading focused (not on page load: `focusing` false). */
  const go = (screen: Screen, said = '', focusing = true) => {
    batch(() => {
      clear()
      ms.screen.value = screen
      s.announce.value = said
    })
    if (focusing) focus.request('heading')
  }

  const ready = words?.then((catalog) =>
    batch(() => {
      s.t.value = messagesFrom(catalog)
      // Manage mode's own words, each a string where the catalog has one (English otherwise).
      const m: Record<string, unknown> = { ...manageEn }
      for (const key in m) {
        const text = (catalog as Record<string, unknown> | null)?.[key]
        if (typeof text == 'string') m[key] = text
      }
      ms.m.value = m as ManageMessages
      s.wordsReady.value = true
    }),
  )

  /** Loads the booking; `focusing` when the visitor asked (Try again), never on page load. */
  const load = async (focusing = false) => {
    batch(() => {
      ms.screen.value = 'loading'
      clear()
    })
    await ready
    s.announce.value = ms.m.value.manageLoading
    try {
      const booking = await api.booking()
      ms.booking.value = booking
      go('summary', '', focusing)
    } catch (e) {
      const f = fail(e, null)
      if (REFUSED.includes(f.code)) {
        ms.refusal.value = say(f)
        go('refused', say(f), focusing)
      } else {
        ms.screen.value = 'failed'
        if (focusing) focus.request('heading')
      }
    }
  }

  /** The booking's start day in the visitor's zone. */
  const currentDay = () => dayKeyer(s.zone.value)(ms.booking.value!.start)

  /** Opens the month grid on the booking's own day, its time marked among that day's free ones. */
  const reschedule = () => {
    const booking = ms.booking.value!
    // Each time afresh: the free times may have changed since the last look.
    flow = createFlow({ state: s, api: calendarApi(booking.calendarId), emit, focus, batch })
    const today = s.today.value
    const day = currentDay() < today ? today : currentDay()
    batch(() => {
      s.days.value = {}
      s.months.value = {}
      s.slot.value = null
      s.day.value = s.focusDay.value = day
      flow!.showMonth(day.slice(0, 7))
    })
    go('pick', ms.m.value.pickNewTime)
    // The calendar sets the grid's last bookable day; the grid works with the widest window meanwhile.
    if (!s.info.value)
      calendarApi(booking.calendarId)
        .calendar()
        .then((info) => (s.info.value = info), fail)
  }

  /** Moves the grid's tab stop (and the month, when it leaves the displayed one), and focuses it. */
  const moveFocus = (day: string) => {
    batch(() => {
      s.focusDay.value = day
      if (day.slice(0, 7) !== s.month.value) flow!.showMonth(day.slice(0, 7))
    })
    focus.request('day')
  }

  const selectDay = (d: string) => {
    batch(() => {
      s.day.value = s.focusDay.value = d
      clear()
      if (!d.startsWith(s.month.value)) flow!.showMonth(d.slice(0, 7))
    })
    focus.request('slots')
  }

  /** Pages the grid by `n` months. */
  const page = (n: number) => {
    const target = `${addMonths(s.month.value, n)}-01`
    batch(() => {
      s.focusDay.value = target < s.today.value ? s.today.value : target
      flow!.showMonth(target.slice(0, 7))
    })
  }

  const nextAvailable = async () => {
    const day = s.day.value
    const from = day?.startsWith(s.month.value) ? addDays(day, 1) : `${s.month.value}-01`
    s.searching.value = true
    try {
      const found = await flow!.findAvailable(from < s.today.value ? s.today.value : from)
      batch(() => {
        s.searching.value = false
        if (found) selectDay(found)
        else s.notice.value = s.announce.value = s.t.value.none
      })
    } catch (e) {
      s.searching.value = false
      fail(e)
    }
  }

  /** The visitor chose a new time: the confirmation step. */
  const choose = (slot: Slot) => {
    if (s.slot.value?.start !== slot.start) key = null
    s.slot.value = slot
    go('confirm', ms.m.value.confirmMove)
  }

  /** Back to the times from the confirmation step. */
  const chooseOther = () => {
    go('pick', '', false)
    focus.request('slots')
  }

  /** A change went through: its screen, its event, and the booking as it is now. */
  const changed = (booking: ManagedBooking, screen: 'moved' | 'cancelled') => {
    key = null
    s.busy.value = false
    ms.booking.value = booking
    go(screen, ms.m.value[screen])
    emit(screen === 'moved' ? 'rescheduled' : 'cancelled', shown(booking))
  }

  /** A refused or failed change: the notice; a taken time goes back to the times with the proxy's others. */
  const refused = (e: unknown) => {
    s.busy.value = false
    const f = e instanceof Failure ? e : new Failure('internal', String(e))
    if (f.code !== 'slot_taken') return void fail(f)
    key = null
    const d = s.day.value!
    const offered = f.extra.slots
    const next = offered?.map((slot) => dayKeyer(s.zone.value)(slot.start)).find((day) => day > d)
    batch(() => {
      if (offered) flow!.store(offered, d, next ?? d)
      else flow!.reload(d.slice(0, 7))
      s.slot.value = null
      ms.screen.value = 'pick'
      fail(f, 'slots')
      // That was the day's last time: the next free day's times instead of an empty list.
      if (next && !s.days.value[d]?.length) {
        s.day.value = s.focusDay.value = next
        if (!next.startsWith(s.month.value)) flow!.showMonth(next.slice(0, 7))
        s.notice.value = s.announce.value = fill(s.t.value.slot_taken_next, {
          date: formatLongDay(next, s.locale),
        })
      }
    })
  }

  const confirmMove = async () => {
    const slot = s.slot.value
    if (s.busy.value || !slot) return
    key ??= newKey()
    batch(() => {
      clear()
      s.busy.value = true
      s.announce.value = ms.m.value.moving
    })
    try {
      changed(await api.reschedule({ start: slot.start, timeZone: s.zone.value }, key), 'moved')
    } catch (e) {
      refused(e)
    }
  }

  /** The reason and the confirmation step of a cancellation. */
  const cancel = () => {
    key = null
    go('cancel', ms.m.value.cancelQuestion)
  }

  const confirmCancel = async () => {
    if (s.busy.value) return
    key ??= newKey()
    batch(() => {
      clear()
      s.busy.value = true
      s.announce.value = ms.m.value.cancelling
    })
    try {
      changed(await api.cancel({ reason: ms.reason.value.trim() }, key), 'cancelled')
    } catch (e) {
      refused(e)
    }
  }

  /** Back to the booking's summary. */
  const back = () => go('summary')

  /** Repeats what failed: the booking's load, or the shown month's times. */
  const retry = () => (ms.screen.value === 'failed' ? load(true) : flow?.reload(s.month.value))

  return {
    load,
    reschedule,
    moveFocus,
    selectDay,
    page,
    nextAvailable,
    choose,
    chooseOther,
    confirmMove,
    cancel,
    confirmCancel,
    back,
    retry,
    /** Writes the reason as typed. */
    setReason: (text: string) => (ms.reason.value = text),
  }
}

/** The actions of one widget in manage mode. */
export type ManageActions = ReturnType<typeof createManageActions>
