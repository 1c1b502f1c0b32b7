/**
 * The state of one mounted widget: signals created per mount, and the actions of the booking flow.
 * Components read the signals and call the actions; nothing here touches the DOM.
 */
import type { Booking, CalendarInfo, Slot } from '../../proxy/src/contract.ts'
import { Failure, type Api } from './api.ts'
import { readAttribution } from './attribution.ts'
import type { Config } from './config.ts'
import { addDays, addMonths, browserTimeZone, dayKeyer, lastDayOf } from './dates.ts'
import { fill, messagesFor } from './i18n.ts'
import { createSignals } from './signals.ts'
import type { EventMap, EventName } from './surface.ts'
import { bookingRequest, validateForm, type FieldErrors, type FormValues } from './form.ts'

/** Dispatches one public event. */
export type Emit = <K extends EventName>(name: K, detail: EventMap[K]) => void

/** The steps of the flow; `failed` is a first load that did not succeed. */
export type Step = 'loading' | 'failed' | 'pick' | 'form' | 'done'

/** Which heading takes focus after the next render: set by the visitor's actions, never on page load. */
export type FocusTarget = 'slots' | 'form' | 'day' | 'done' | 'failed' | 'notice' | 'invalid' | null

/** Options of `createBookingState`. */
export interface StateOptions {
  config: Config
  api: Api
  emit: Emit
  /** Opens the redirect URL after a booking. */
  navigate: (url: string) => void
  /** The clock, injectable for tests. */
  now?: () => number
}

/** How far ahead "next available" searches when the calendar sets no window, in months. */
const SEARCH_MONTHS = 13

/** 16 random bytes as hex; `getRandomValues` works on plain-http host pages where `randomUUID` does not. */
const newKey = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('')

/** Creates the signals and actions of one widget. */
export function createBookingState({ config, api, emit, navigate, now = Date.now }: StateOptions) {
  // Preact batches the renders that several changes in a row cause, so no batch() is needed here.
  const { signal, subscribe } = createSignals()
  const locale = config.locale ?? navigator.language ?? 'en'
  const t = messagesFor(locale)
  const calendarId = config.calendar
  const step = signal<Step>('loading')
  const info = signal<CalendarInfo | null>(null)
  const zone = signal(config.timeZone === 'auto' ? browserTimeZone() : config.timeZone)
  const month = signal('')
  const focusDay = signal('')
  /** Free slots by local day in `zone`. */
  const days = signal<Record<string, Slot[]>>({})
  const months = signal<Record<string, 'loading' | 'ok' | 'error'>>({})
  const day = signal<string | null>(null)
  const slot = signal<Slot | null>(null)
  const values = signal<FormValues>({
    firstName: config.prefillFirstName ?? '',
    lastName: config.prefillLastName ?? '',
    email: config.prefillEmail ?? '',
    phone: config.prefillPhone ?? '',
    notes: '',
    consent: false,
    honeypot: '',
  })
  const errors = signal<FieldErrors>({})
  const notice = signal('')
  const failure = signal<Failure | null>(null)
  const busy = signal(false)
  const booking = signal<Booking | null>(null)
  const announce = signal('')
  const focus = signal<FocusTarget>(null)
  // The idempotency key of the current attempt: kept across retries, replaced when the slot changes.
  let key: string | null = null
  let requests = new Map<string, Promise<void>>()
  let generation = 0

  const today = () => dayKeyer(zone.value)(now())
  const lastBookable = () => addDays(today(), info.value?.bookingWindow.maxDaysAhead ?? SEARCH_MONTHS * 31)

  const describe = (e: unknown): string => {
    const code = e instanceof Failure ? e.code : 'internal'
    if (code === 'rate_limited') return fill(t.rateLimited, { s: (e as Failure).extra.retryAfter ?? 30 })
    if (code === 'offline') return t.offline
    if (code === 'slot_taken') return t.slotTaken
    if (code === 'invalid_request') return t.fixErrors
    if (code === 'upstream_unavailable') return t.upstream
    return t.failed
  }

  function fail(e: unknown, target: FocusTarget = 'notice') {
    const f = e instanceof Failure ? e : new Failure('internal', String(e))
    const text = describe(f)
    failure.value = f
    notice.value = text
    announce.value = text
    focus.value = target
    emit('error', { code: f.code, message: f.message })
  }

  /** Stores slots by local day, replacing the days from `from` to `to`. */
  function store(slots: Slot[], from: string, to: string) {
    const keyOf = dayKeyer(zone.value)
    const next = { ...days.value }
    for (let d = from; d <= to; d = addDays(d, 1)) delete next[d]
    for (const s of slots) (next[keyOf(s.start)] ??= []).push(s)
    days.value = next
  }

  /** Loads a month's slots once; concurrent callers share the request. */
  function loadMonth(m: string): Promise<void> {
    const pending = requests.get(m)
    if (pending) return pending
    const from = `${m}-01` < today() ? today() : `${m}-01`
    const to = lastDayOf(m) > lastBookable() ? lastBookable() : lastDayOf(m)
    const mark = (s: 'loading' | 'ok' | 'error') => (months.value = { ...months.value, [m]: s })
    if (from > to) {
      mark('ok')
      return Promise.resolve()
    }
    const gen = generation
    mark('loading')
    const request = api.slots(from, to, zone.value).then(
      (response) => {
        if (gen !== generation) return
        store(response.slots, from, to)
        mark('ok')
      },
      (e: unknown) => {
        if (gen !== generation) return
        requests.delete(m)
        mark('error')
        throw e
      },
    )
    requests.set(m, request)
    return request
  }

  /** The first day from `from` on with free slots, loading months as needed; null when none in the window. */
  async function findAvailable(from: string): Promise<string | null> {
    const end = lastBookable().slice(0, 7)
    for (let m = from.slice(0, 7), i = 0; m <= end && i < SEARCH_MONTHS; m = addMonths(m, 1), i++) {
      await loadMonth(m)
      const found = Object.keys(days.value)
        .filter((d) => d >= from && days.value[d]!.length)
        .sort()[0]
      if (found) return found
    }
    return null
  }

  /** Shows a month, loads it and fetches the next one ahead so paging feels instant. */
  function showMonth(m: string) {
    month.value = m
    loadMonth(m).catch(fail)
    loadMonth(addMonths(m, 1)).catch(() => {})
  }

  async function start() {
    step.value = 'loading'
    announce.value = t.loading
    failure.value = null
    notice.value = ''
    try {
      const [calendar] = await Promise.all([api.calendar(), loadMonth(today().slice(0, 7))])
      info.value = calendar
      const first = await findAvailable(today())
      day.value = first
      focusDay.value = first ?? today()
      notice.value = first ? '' : t.none
      announce.value = notice.value
      step.value = 'pick'
      showMonth((first ?? today()).slice(0, 7))
      emit('ready', { site: config.site, calendarId })
    } catch (e) {
      step.value = 'failed'
      fail(e, 'failed')
    }
  }

  function selectDay(d: string) {
    day.value = d
    focusDay.value = d
    slot.value = null
    notice.value = ''
    focus.value = 'slots'
    if (d.slice(0, 7) !== month.value) showMonth(d.slice(0, 7))
    emit('date-select', { calendarId, date: d, timeZone: zone.value })
  }

  async function nextAvailable() {
    const from = day.value && day.value.startsWith(month.value) ? addDays(day.value, 1) : `${month.value}-01`
    try {
      const found = await findAvailable(from < today() ? today() : from)
      if (found) selectDay(found)
      else notice.value = announce.value = t.none
    } catch (e) {
      fail(e)
    }
  }

  function selectSlot(s: Slot) {
    if (slot.value?.start !== s.start) key = null
    slot.value = s
    errors.value = {}
    notice.value = ''
    failure.value = null
    step.value = 'form'
    focus.value = 'form'
    emit('slot-select', { calendarId, start: s.start, end: s.end, timeZone: zone.value })
  }

  function back() {
    step.value = 'pick'
    notice.value = ''
    failure.value = null
    focus.value = 'slots'
  }

  function setZone(z: string) {
    generation++
    requests = new Map()
    zone.value = z
    days.value = {}
    months.value = {}
    showMonth(month.value)
  }

  async function submit() {
    if (busy.value || !slot.value || !info.value) return
    const request = bookingRequest(values.value, slot.value, zone.value, calendarId, readAttribution())
    const found = validateForm(request, values.value, info.value, t)
    errors.value = found
    if (Object.keys(found).length) {
      announce.value = t.fixErrors
      focus.value = 'invalid'
      return
    }
    key ??= newKey()
    busy.value = true
    failure.value = null
    notice.value = ''
    emit('submit', { calendarId, start: slot.value.start, timeZone: zone.value })
    try {
      const result = await api.book(request, key)
      booking.value = result
      announce.value = t.booked
      step.value = 'done'
      focus.value = 'done'
      emit('booked', result)
      if (config.redirect) navigate(redirectUrl(config.redirect, result))
    } catch (e) {
      rejected(e)
    } finally {
      busy.value = false
    }
  }

  function rejected(e: unknown) {
    if (e instanceof Failure && e.code === 'slot_taken') {
      key = null
      const d = day.value!
      if (e.extra.slots) store(e.extra.slots, d, d)
      else {
        requests.delete(d.slice(0, 7))
        loadMonth(d.slice(0, 7)).catch(fail)
      }
      slot.value = null
      step.value = 'pick'
      fail(e, 'slots')
      return
    }
    if (e instanceof Failure && e.code === 'invalid_request' && e.extra.issues?.length) {
      // The request itself was refused, so a corrected one is a new attempt.
      key = null
      const found: Record<string, string> = {}
      for (const issue of e.extra.issues) found[issue.path.split('.').pop()!] = issue.message
      errors.value = found as FieldErrors
    }
    fail(e)
  }

  let began = false
  /** Starts the flow once; later calls do nothing. */
  function begin() {
    if (began) return
    began = true
    void start()
  }

  /** Repeats what failed: the first load, the booking (with the same key) or the month's slots. */
  function retry() {
    failure.value = null
    notice.value = ''
    if (step.value === 'failed') start()
    else if (step.value === 'form') submit()
    else showMonth(month.value)
  }

  return {
    subscribe,
    t,
    locale,
    config,
    step,
    info,
    zone,
    month,
    focusDay,
    days,
    months,
    day,
    slot,
    values,
    errors,
    notice,
    failure,
    busy,
    booking,
    announce,
    focus,
    today,
    lastBookable,
    begin,
    start,
    showMonth,
    selectDay,
    nextAvailable,
    selectSlot,
    back,
    setZone,
    submit,
    retry,
  }
}

/** The state of one widget, as components see it. */
export type BookingState = ReturnType<typeof createBookingState>

/** The redirect URL with the booking's details as query parameters. */
export function redirectUrl(base: string, booking: Booking): string {
  const url = new URL(base)
  url.searchParams.set('booking_id', booking.id)
  url.searchParams.set('calendar_id', booking.calendarId)
  url.searchParams.set('start', booking.start)
  url.searchParams.set('end', booking.end)
  url.searchParams.set('time_zone', booking.timeZone)
  return url.href
}
