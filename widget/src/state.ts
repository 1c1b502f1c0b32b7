/**
 * The state of one mounted widget: a store created per mount, and the actions of the booking flow.
 * Components read the store's fields and call the actions; nothing here touches the DOM.
 * One file for the whole flow: the steps share the store and call each other (a taken slot goes back to the
 * day, a zone change reloads the month), and one closure per mount is also the smallest code for the bundle.
 */
import type { Booking, CalendarInfo, Slot } from '../../proxy/src/contract.ts'
import { Failure, type Api } from './api.ts'
import { readAttribution } from './attribution.ts'
import type { Config } from './config.ts'
import {
  addDays,
  addMonths,
  browserTimeZone,
  dayKeyer,
  formatLongDay,
  formatTime,
  lastDayOf,
  zoneName,
} from './dates.ts'
import { bookingRequest, validateForm, type FieldErrors, type FormValues } from './form.ts'
import { en, fill, messagesFrom, remoteLanguage, type Messages } from './i18n.ts'
import { createStore } from './store.ts'
import type { EventMap, EventName } from './surface.ts'
import { createChallenge } from './turnstile.ts'

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
  /** Called after every change of the state; the mount repaints. */
  onChange: () => void
  /** The clock, injectable for tests. */
  now?: () => number
}

/** How far ahead "next available" searches when the calendar sets no window, in months. */
const SEARCH_MONTHS = 13

/** 16 random bytes as hex; `getRandomValues` works on plain-http host pages where `randomUUID` does not. */
const newKey = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('')

/** Creates the store and actions of one widget. */
export function createBookingState({ config, api, emit, navigate, onChange, now = Date.now }: StateOptions) {
  const locale = config.locale ?? navigator.language ?? 'en'
  const lang = remoteLanguage(locale)
  const calendarId = config.calendar
  // The idempotency key of the current attempt: kept across retries, replaced when the slot changes.
  let key: string | null = null
  // Month → its request; replaced when the zone changes, so answers for the old zone are dropped.
  let requests = new Map<string, Promise<void>>()
  let began = false

  /** Today in the visitor's zone. */
  const today = (): string => dayKeyer(s.zone)(now())

  /** The last day the calendar takes bookings for. */
  const lastBookable = (): string =>
    addDays(today(), s.info?.bookingWindow.maxDaysAhead ?? SEARCH_MONTHS * 31)

  /** The time of an instant in the visitor's zone and hour cycle. */
  const time = (instant: string): string => formatTime(instant, locale, s.zone, config.hourCycle)

  /** Clears the last problem's message. */
  const clear = () => {
    s.failure = null
    s.notice = ''
  }

  /** Shows a failure (anything thrown counts as `internal`), announces it and reports it as an event. */
  const fail = (e: unknown, target: FocusTarget = 'notice') => {
    const f = e instanceof Failure ? e : new Failure('internal', String(e))
    const code = f.code
    s.failure = f
    const t = s.t
    // The owner's to fix: the visitor learns that booking is not available here, the console says why and how.
    if (f.extra.setup) console.error(`GHL booking widget: ${f.message}`)
    s.notice = s.announce = fill(f.extra.setup ? t.unavailable : (t[code as keyof Messages] ?? t.failed), {
      s: f.extra.retryAfter ?? 30,
    })
    s.focus = target
    emit('error', { code, message: f.message })
  }

  /** Stores slots by local day, replacing the days from `from` to `to`. */
  const store = (slots: Slot[], from: string, to: string) => {
    const keyOf = dayKeyer(s.zone)
    const next = { ...s.days }
    for (let d = from; d <= to; d = addDays(d, 1)) delete next[d]
    for (const slot of slots) (next[keyOf(slot.start)] ??= []).push(slot)
    s.days = next
  }

  /** Loads a month's slots once; concurrent callers share the request. */
  const loadMonth = (m: string): Promise<void> => {
    const pending = requests.get(m)
    if (pending) return pending
    const mark = (status: 'loading' | 'ok' | 'error') => (s.months = { ...s.months, [m]: status })
    const first = `${m}-01` < today() ? today() : `${m}-01`
    const last = lastDayOf(m) > lastBookable() ? lastBookable() : lastDayOf(m)
    const own = requests
    if (first > last) {
      mark('ok')
      return Promise.resolve()
    }
    mark('loading')
    const request = api.slots(first, last, s.zone).then(
      (response) => {
        if (own !== requests) return
        store(response.slots, first, last)
        mark('ok')
      },
      (e: unknown) => {
        if (own !== requests) return
        requests.delete(m)
        mark('error')
        throw e
      },
    )
    requests.set(m, request)
    return request
  }

  /** The first day from `from` on with free slots, loading months as needed; null when none in the window. */
  const findAvailable = async (from: string): Promise<string | null> => {
    const end = lastBookable().slice(0, 7)
    for (let m = from.slice(0, 7), i = 0; m <= end && i < SEARCH_MONTHS; m = addMonths(m, 1), i++) {
      await loadMonth(m)
      const found = Object.keys(s.days)
        .filter((d) => d >= from && s.days[d]!.length)
        .sort()[0]
      if (found) return found
    }
    return null
  }

  /** Shows a month, loads it and fetches the next one ahead so paging feels instant. */
  const showMonth = (m: string) => {
    s.month = m
    loadMonth(m).catch(fail)
    loadMonth(addMonths(m, 1)).catch(() => {})
  }

  const start = async () => {
    s.step = 'loading'
    // Without its words yet, loading is announced when they arrive.
    if (s.wordsReady) s.announce = s.t.loading
    clear()
    try {
      // The language never fails (English after any failure), and it left at mount: it adds no wait of its own.
      const [calendar] = await Promise.all([api.calendar(), loadMonth(today().slice(0, 7)), words])
      s.info = calendar
      const first = await findAvailable(today())
      s.day = first
      s.focusDay = first ?? today()
      s.notice = s.announce = first ? '' : s.t.none
      s.step = 'pick'
      showMonth(s.focusDay.slice(0, 7))
      emit('ready', { site: config.site, calendarId })
    } catch (e) {
      await words
      s.step = 'failed'
      fail(e, 'failed')
    }
  }

  /** Starts the flow once; later calls do nothing. */
  const begin = () => {
    if (!began) start()
    began = true
  }

  const selectDay = (d: string) => {
    s.day = s.focusDay = d
    s.slot = null
    s.notice = ''
    s.focus = 'slots'
    if (!d.startsWith(s.month)) showMonth(d.slice(0, 7))
    emit('date-select', { calendarId, date: d, timeZone: s.zone })
  }

  const nextAvailable = async () => {
    const from = s.day?.startsWith(s.month) ? addDays(s.day, 1) : `${s.month}-01`
    try {
      const found = await findAvailable(from < today() ? today() : from)
      if (found) selectDay(found)
      else s.notice = s.announce = s.t.none
    } catch (e) {
      fail(e)
    }
  }

  const selectSlot = (slot: Slot) => {
    if (s.slot?.start !== slot.start) key = null
    s.slot = slot
    s.errors = {}
    clear()
    s.step = s.focus = 'form'
    emit('slot-select', { calendarId, start: slot.start, end: slot.end, timeZone: s.zone })
  }

  const back = () => {
    s.step = 'pick'
    clear()
    s.focus = 'slots'
  }

  const setZone = (zone: string) => {
    requests = new Map()
    s.zone = zone
    s.days = {}
    s.months = {}
    showMonth(s.month)
  }

  const submit = async () => {
    const { slot, info, values } = s
    if (s.busy || !slot || !info) return
    const request = bookingRequest(values, slot, s.zone, calendarId, readAttribution(), challenge.token)
    const found = (s.errors = validateForm(request, values, info, s.t))
    // The calendar wants a solved Turnstile challenge: without its token the proxy would refuse the booking.
    challenge.missing = !!info.form.turnstileSiteKey && !challenge.token
    if (Object.keys(found).length || challenge.missing) {
      s.announce = s.t.invalid_request
      s.focus = 'invalid'
      return
    }
    key ??= newKey()
    s.busy = true
    clear()
    emit('submit', { calendarId, start: slot.start, timeZone: s.zone })
    try {
      const booking = (s.booking = await api.book(request, key))
      s.announce = s.t.booked
      s.step = s.focus = 'done'
      emit('booked', booking)
      if (config.redirect) navigate(redirectUrl(config.redirect, booking))
    } catch (e) {
      rejected(e as Failure)
    } finally {
      s.busy = false
    }
  }

  const rejected = (e: Failure) => {
    // A Failure carries a code and details; fail() reports anything else as `internal`.
    const { code, extra } = e
    // A token verifies once (a retry under the same key excepted): a refused one, or one for a new key, is spent.
    if (code === 'slot_taken' || code === 'invalid_request' || code.startsWith('challenge_'))
      challenge.reset()
    if (code === 'slot_taken') {
      key = null
      const d = s.day!
      // The proxy's alternatives: the rest of this day and all of the next day with free times.
      const offered = extra.slots
      const keyOf = dayKeyer(s.zone)
      const next = offered?.map((slot) => keyOf(slot.start)).find((day) => day > d)
      if (offered) store(offered, d, next ?? d)
      else {
        requests.delete(d.slice(0, 7))
        loadMonth(d.slice(0, 7)).catch(fail)
      }
      s.slot = null
      s.step = 'pick'
      fail(e, 'slots')
      // That was the day's last time: show the next free day's instead of an empty list.
      if (next && !s.days[d]?.length) {
        s.day = s.focusDay = next
        if (!next.startsWith(s.month)) showMonth(next.slice(0, 7))
        s.notice = s.announce = fill(s.t.slot_taken_next, { date: formatLongDay(next, locale) })
      }
      return
    }
    if (code === 'invalid_request') {
      // The request itself was refused (a bad field, or this key already used with other details): a corrected
      // one is a new attempt. A lost answer followed by an edit is safe: the proxy finds the visitor's own booking.
      key = null
      const found: Record<string, string> = {}
      for (const issue of extra.issues ?? []) found[issue.path.split('.').pop()!] = issue.message
      s.errors = found
    }
    fail(e)
  }

  /** Repeats what failed: the first load, the booking (with the same key) or the month's slots. */
  const retry = () => {
    clear()
    if (s.step === 'failed') start()
    else if (s.step === 'form') submit()
    else showMonth(s.month)
  }

  const challenge = createChallenge({
    siteKey: () => s.info?.form.turnstileSiteKey,
    theme: () => s.config.theme,
    onChange,
  })

  const s = createStore(
    {
      step: 'loading' as Step,
      info: null as CalendarInfo | null,
      zone: config.timeZone === 'auto' ? browserTimeZone() : config.timeZone,
      /** The displayed month, `YYYY-MM`. */
      month: '',
      /** The grid's tab stop. */
      focusDay: '',
      /** Free slots by local day in `zone`. */
      days: {} as Record<string, Slot[]>,
      months: {} as Record<string, 'loading' | 'ok' | 'error'>,
      day: null as string | null,
      slot: null as Slot | null,
      values: {
        firstName: config.prefillFirstName ?? '',
        lastName: config.prefillLastName ?? '',
        email: config.prefillEmail ?? '',
        phone: config.prefillPhone ?? '',
        notes: '',
        consent: false,
        honeypot: '',
      } as FormValues,
      errors: {} as FieldErrors,
      notice: '',
      failure: null as Failure | null,
      busy: false,
      booking: null as Booking | null,
      /** The Turnstile challenge of a calendar that wants one (turnstile.ts). */
      challenge,
      /** The live region's text. */
      announce: '',
      focus: null as FocusTarget,
      /** The messages: English until the locale's language arrives (English when it cannot). */
      t: en,
      /** False while the locale's language is on its way: nothing with words renders before it. */
      wordsReady: !lang,
      locale,
      config,
      today,
      lastBookable,
      time,
      zoneName: (at?: string | number): string => zoneName(s.zone, locale, at ?? now()),
      now,
      begin,
      showMonth,
      selectDay,
      nextAvailable,
      selectSlot,
      back,
      setZone,
      submit,
      retry,
    },
    onChange,
  )

  // Another language's messages come from the proxy, fetched at mount so they travel beside the calendar
  // (a popup's button needs them before the calendar loads); English when they cannot come.
  const words = lang
    ? api
        .messages(lang)
        .then(messagesFrom, () => en)
        .then((t) => {
          s.t = t
          s.wordsReady = true
          if (began && s.step === 'loading') s.announce = t.loading
        })
    : null

  return s
}

/** The state of one widget, as components see it. */
export type BookingState = ReturnType<typeof createBookingState>

/** The redirect URL with the booking's details as query parameters. */
export function redirectUrl(base: string, booking: Booking): string {
  const url = new URL(base)
  const { id, calendarId, start, end, timeZone } = booking
  const details = { booking_id: id, calendar_id: calendarId, start, end, time_zone: timeZone }
  for (const [name, value] of Object.entries(details)) url.searchParams.set(name, value)
  return url.href
}
