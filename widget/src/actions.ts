/**
 * The visitor's actions on one widget: choosing a day and a time, the zone, the form, the booking and its
 * failures, on top of the loading half of the flow (flow.ts). They write the state's signals (in a batch, so one
 * visitor action costs one render) and ask for focus; components call them and never write state themselves.
 * One file for the visitor's side: the steps call each other (a taken slot goes back to the day, a zone change
 * reloads the month), so splitting it would only pass the same closures around.
 */
import { batch } from '@preact/signals'
import type { Booking, Slot } from '../../contract/schemas.ts'
import type { Api, Failure } from './api.ts'
import { readAttribution } from './attribution.ts'
import { addDays, addMonths, dayKeyer, formatLongDay } from './dates.ts'
import { createFlow, type Emit } from './flow.ts'
import type { Focus } from './focus.ts'
import { bookingRequest, validateForm, type FormValues } from './form.ts'
import { fill } from './i18n.ts'
import { loadPart } from './parts.ts'
import { emptyValues, type State } from './state.ts'

export type { Emit }

/** Options of `createActions`. */
export interface ActionOptions {
  state: State
  api: Api
  emit: Emit
  focus: Focus
  /** Opens the redirect URL after a booking. */
  navigate: (url: string) => void
}

/** 16 random bytes as hex; `getRandomValues` works on plain-http host pages where `randomUUID` does not. */
const newKey = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('')

/** Creates the actions of one widget over its state. */
export function createActions({ state: s, api, emit, focus, navigate }: ActionOptions) {
  const calendarId = s.config.peek().calendar
  const flow = createFlow({ state: s, api, emit, focus, batch })
  const { clear, fail, store, loadMonth, findAvailable, showMonth, start } = flow
  // The idempotency key of the current attempt: kept across retries, replaced when the slot changes.
  let key: string | null = null
  // A flow the first screen began (its state has left `loading`) goes on from where it is.
  let began = s.step.peek() !== 'loading'

  /** Starts the flow once; later calls do nothing. */
  const begin = () => {
    if (!began) start()
    began = true
  }

  /** Moves the grid's tab stop (and the month, when it leaves the displayed one), and focuses it. */
  const moveFocus = (day: string) => {
    batch(() => {
      s.focusDay.value = day
      if (day.slice(0, 7) !== s.month.value) showMonth(day.slice(0, 7))
    })
    focus.request('day')
  }

  const selectDay = (d: string) => {
    batch(() => {
      s.day.value = s.focusDay.value = d
      s.slot.value = null
      s.notice.value = ''
      if (!d.startsWith(s.month.value)) showMonth(d.slice(0, 7))
    })
    focus.request('slots')
    emit('date-select', { calendarId, date: d, timeZone: s.zone.value })
    // A chosen day is the sign a time comes next: the form is fetched while the visitor reads the times.
    loadPart(s, 'form')
  }

  /** Pages the grid by `n` months, its tab stop on the new month's first bookable day. */
  const page = (n: number) => {
    const target = `${addMonths(s.month.value, n)}-01`
    batch(() => {
      s.focusDay.value = target < s.today.value ? s.today.value : target
      showMonth(target.slice(0, 7))
    })
  }

  const nextAvailable = async () => {
    const day = s.day.value
    const month = s.month.value
    const from = day?.startsWith(month) ? addDays(day, 1) : `${month}-01`
    s.searching.value = true
    try {
      const found = await findAvailable(from < s.today.value ? s.today.value : from)
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

  const selectSlot = (slot: Slot) => {
    if (s.slot.value?.start !== slot.start) key = null
    batch(() => {
      s.slot.value = slot
      s.errors.value = {}
      clear()
      s.step.value = 'form'
    })
    // The form's focus waits for its part: focus requests retry until the element is there.
    loadPart(s, 'form').then(() => focus.request('form'), fail)
    emit('slot-select', { calendarId, start: slot.start, end: slot.end, timeZone: s.zone.value })
  }

  const back = () => {
    batch(() => {
      s.step.value = 'pick'
      clear()
    })
    focus.request('slots')
  }

  const setZone = (zone: string) => {
    if (zone === s.zone.value) return
    flow.forget()
    batch(() => {
      s.zone.value = zone
      s.days.value = {}
      s.months.value = {}
      showMonth(s.month.value)
    })
  }

  /** Writes one field of the form and clears its error. */
  const setField = <K extends keyof FormValues>(name: K, value: FormValues[K]) =>
    batch(() => {
      s.values.value = { ...s.values.value, [name]: value }
      if (s.errors.value[name]) s.errors.value = { ...s.errors.value, [name]: undefined }
    })

  const submit = async () => {
    const slot = s.slot.value
    const info = s.info.value
    const values = s.values.value
    const challenge = s.parts.value.challenge
    if (s.busy.value || !slot || !info || !challenge) return
    const request = bookingRequest(
      values,
      slot,
      s.zone.value,
      calendarId,
      readAttribution(),
      challenge.token.peek(),
    )
    const found = validateForm(request, values, info, s.t.value, s.locale)
    // The calendar wants a solved Turnstile challenge: without its token the proxy would refuse the booking.
    challenge.missing.value = !!info.form.turnstileSiteKey && !challenge.token.peek()
    if (Object.keys(found).length || challenge.missing.peek()) {
      batch(() => {
        s.errors.value = found
        s.announce.value = s.t.value.invalid_request
      })
      focus.request('invalid')
      return
    }
    key ??= newKey()
    batch(() => {
      s.errors.value = {}
      s.busy.value = true
      // Said once, by the live region; the button keeps focus and says the same.
      s.announce.value = s.t.value.booking
      clear()
    })
    emit('submit', { calendarId, start: slot.start, timeZone: s.zone.value })
    // The confirmation's part travels beside the booking; a booking that succeeds waits for it.
    const done = loadPart(s, 'done')
    let booking: Booking
    try {
      booking = await api.book(request, key)
      await done
    } catch (e) {
      s.busy.value = false
      return rejected(e as Failure)
    }
    batch(() => {
      s.busy.value = false
      s.booking.value = booking
      s.announce.value = s.t.value.booked
      s.step.value = 'done'
    })
    focus.request('done')
    emit('booked', booking)
    const redirect = s.config.peek().redirect
    if (redirect) navigate(redirectUrl(redirect, booking))
  }

  const rejected = (e: Failure) => {
    // A Failure carries a code and details; fail() reports anything else as `internal`.
    const { code, extra } = e
    // A token verifies once (a retry under the same key excepted): a refused one, or one for a new key, is spent.
    if (code === 'slot_taken' || code === 'invalid_request' || code.startsWith('challenge_'))
      s.parts.peek().challenge?.reset()
    if (code === 'slot_taken') {
      key = null
      const d = s.day.value!
      // The proxy's alternatives: the rest of this day and all of the next day with free times.
      const offered = extra.slots
      const keyOf = dayKeyer(s.zone.value)
      const next = offered?.map((slot) => keyOf(slot.start)).find((day) => day > d)
      batch(() => {
        if (offered) store(offered, d, next ?? d)
        else flow.reload(d.slice(0, 7))
        s.slot.value = null
        s.step.value = 'pick'
        fail(e, 'slots')
        // That was the day's last time: show the next free day's instead of an empty list.
        if (next && !s.days.value[d]?.length) {
          s.day.value = s.focusDay.value = next
          if (!next.startsWith(s.month.value)) showMonth(next.slice(0, 7))
          s.notice.value = s.announce.value = fill(s.t.value.slot_taken_next, {
            date: formatLongDay(next, s.locale),
          })
        }
      })
      return
    }
    if (code === 'invalid_request') {
      // The request itself was refused (a bad field, or this key already used with other details): a corrected
      // one is a new attempt. A lost answer followed by an edit is safe: the proxy finds the visitor's own booking.
      key = null
      const found: Record<string, string> = {}
      for (const issue of extra.issues ?? []) found[issue.path.split('.').pop()!] = issue.message
      s.errors.value = found
    }
    fail(e)
  }

  /** Repeats what failed: the first load, the booking (with the same key) or the month's slots. */
  const retry = () => {
    clear()
    const step = s.step.value
    if (step === 'failed') start('notice')
    // On the form: the booking again, or the form itself when its part did not load.
    else if (step === 'form') s.parts.peek().Form ? submit() : selectSlot(s.slot.peek()!)
    else showMonth(s.month.value)
  }

  /** After a booking: a fresh flow on the same calendar (the form back to the site's prefill). */
  const again = () => {
    key = null
    flow.forget()
    batch(() => {
      s.booking.value = s.slot.value = null
      s.values.value = emptyValues(s.config.peek())
      s.errors.value = {}
      s.days.value = {}
      s.months.value = {}
    })
    start()
  }

  /** Popup mode: opens the dialog (loading the flow on first open; after a booking, a fresh flow) or closes it. */
  const setOpen = (open: boolean) => {
    if (open) {
      if (s.step.value === 'done') again()
      else begin()
    }
    s.open.value = open
  }

  // A flow the first screen began: fetch the month after the shown one, which the first screen left for now.
  if (began && s.month.peek()) loadMonth(addMonths(s.month.peek(), 1)).catch(() => {})

  return {
    begin,
    moveFocus,
    selectDay,
    page,
    nextAvailable,
    selectSlot,
    back,
    setZone,
    setField,
    submit,
    retry,
    again,
    setOpen,
  }
}

/** The actions of one widget. */
export type Actions = ReturnType<typeof createActions>

/** The redirect URL with the booking's details as query parameters. */
export function redirectUrl(base: string, booking: Booking): string {
  const url = new URL(base)
  const { id, calendarId, start, end, timeZone } = booking
  const details = { booking_id: id, calendar_id: calendarId, start, end, time_zone: timeZone }
  for (const [name, value] of Object.entries(details)) url.searchParams.set(name, value)
  return url.href
}
