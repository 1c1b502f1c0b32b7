/**
 * The actions of one widget's booking flow: loading the calendar and months, choosing a day and a time, the
 * zone, the booking and its failures. They write the state's signals (in a batch, so one visitor action costs
 * one render) and ask for focus; components call them and never write state themselves.
 * One file for the whole flow: the steps call each other (a taken slot goes back to the day, a zone change
 * reloads the month), so splitting it would only pass the same closures around.
 */
import { batch } from '@preact/signals'
import type { Booking, Slot } from '../../contract/schemas.ts'
import { Failure, type Api } from './api.ts'
import { readAttribution } from './attribution.ts'
import { addDays, addMonths, dayKeyer, formatLongDay, lastDayOf } from './dates.ts'
import type { Focus, FocusTarget } from './focus.ts'
import { bookingRequest, validateForm, type FormValues } from './form.ts'
import { en, fill, messagesFrom, plural, type Messages } from './i18n.ts'
import { emptyValues, SEARCH_MONTHS, type MonthStatus, type State } from './state.ts'
import type { EventMap, EventName } from './surface.ts'

/** Dispatches one public event. */
export type Emit = <K extends EventName>(name: K, detail: EventMap[K]) => void

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
  // The idempotency key of the current attempt: kept across retries, replaced when the slot changes.
  let key: string | null = null
  // Month → its request; replaced when the zone changes, so answers for the old zone are dropped.
  let requests = new Map<string, Promise<void>>()
  let began = false

  /** Clears the last problem's message. */
  const clear = () => {
    s.failure.value = null
    s.notice.value = ''
  }

  /** Shows a failure (anything thrown counts as `internal`), announces it and reports it as an event. */
  const fail = (e: unknown, target: FocusTarget | null = 'notice') => {
    const f = e instanceof Failure ? e : new Failure('internal', String(e))
    const t = s.t.value
    // The owner's to fix: the visitor learns that booking is not available here, the console says why and how.
    if (f.extra.setup) console.error(`GHL booking widget: ${f.message}`)
    // `invalid_request` speaks of the form's fields: any other refused request is a plain failure.
    const code = f.code === 'invalid_request' && s.step.value !== 'form' ? 'failed' : f.code
    const message = f.extra.setup ? t.unavailable : (t[code as keyof Messages] ?? t.failed)
    batch(() => {
      s.failure.value = f
      s.notice.value = s.announce.value =
        typeof message == 'string'
          ? message
          : plural(message as Messages['free'], f.extra.retryAfter ?? 30, s.locale)
    })
    if (target) focus.request(target)
    emit('error', { code: f.code, message: f.message })
  }

  /** Stores slots by local day, replacing the days from `from` to `to`. */
  const store = (slots: Slot[], from: string, to: string) => {
    const keyOf = dayKeyer(s.zone.value)
    const next = { ...s.days.value }
    for (let d = from; d <= to; d = addDays(d, 1)) delete next[d]
    for (const slot of slots) (next[keyOf(slot.start)] ??= []).push(slot)
    s.days.value = next
  }

  /** Loads a month's slots once; concurrent callers share the request. */
  const loadMonth = (m: string): Promise<void> => {
    const pending = requests.get(m)
    if (pending) return pending
    const mark = (status: MonthStatus) => (s.months.value = { ...s.months.value, [m]: status })
    const today = s.today.value
    const lastBookable = s.lastBookable.value
    const first = `${m}-01` < today ? today : `${m}-01`
    const last = lastDayOf(m) > lastBookable ? lastBookable : lastDayOf(m)
    const own = requests
    if (first > last) {
      mark('ok')
      return Promise.resolve()
    }
    mark('loading')
    const request = api.slots(first, last, s.zone.value).then(
      (response) => {
        if (own !== requests) return
        batch(() => {
          store(response.slots, first, last)
          mark('ok')
        })
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
    const end = s.lastBookable.value.slice(0, 7)
    for (let m = from.slice(0, 7), i = 0; m <= end && i < SEARCH_MONTHS; m = addMonths(m, 1), i++) {
      await loadMonth(m)
      const days = s.days.value
      const found = Object.keys(days)
        .filter((d) => d >= from && days[d]!.length)
        .sort()[0]
      if (found) return found
    }
    return null
  }

  /** Shows a month, loads it and fetches the next one ahead so paging feels instant. */
  const showMonth = (m: string) => {
    s.month.value = m
    loadMonth(m).catch((e) => fail(e))
    loadMonth(addMonths(m, 1)).catch(() => {})
  }

  // Another language's messages come from the proxy, fetched at mount so they travel beside the calendar
  // (a popup's button needs them before the calendar loads); English when they cannot come.
  const words = s.lang
    ? api
        .messages(s.lang)
        .then(messagesFrom, () => en)
        .then((t) =>
          batch(() => {
            s.t.value = t
            s.wordsReady.value = true
            if (began && s.step.value === 'loading') s.announce.value = t.loading
          }),
        )
    : null

  /** Loads the calendar and the first free day; a failure focuses `target` (none on page load). */
  const start = async (target: FocusTarget | null = null) => {
    batch(() => {
      s.step.value = 'loading'
      // Without its words yet, loading is announced when they arrive.
      if (s.wordsReady.value) s.announce.value = s.t.value.loading
      clear()
    })
    try {
      // The language never fails (English after any failure), and it left at mount: it adds no wait of its own.
      const [calendar] = await Promise.all([api.calendar(), loadMonth(s.today.value.slice(0, 7)), words])
      s.info.value = calendar
      const first = await findAvailable(s.today.value)
      batch(() => {
        s.day.value = first
        s.focusDay.value = first ?? s.today.value
        s.notice.value = s.announce.value = first ? '' : s.t.value.none
        s.step.value = 'pick'
        showMonth(s.focusDay.value.slice(0, 7))
      })
      emit('ready', { site: s.config.peek().site, calendarId })
    } catch (e) {
      await words
      s.step.value = 'failed'
      // A first load that fails takes no focus unless the visitor asked for it (Try again): a widget never
      // scrolls the page or takes focus from it on its own.
      fail(e, target)
    }
  }

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
    focus.request('form')
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
    requests = new Map()
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
    if (s.busy.value || !slot || !info) return
    const { challenge } = s
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
    let booking: Booking
    try {
      booking = await api.book(request, key)
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
      s.challenge.reset()
    if (code === 'slot_taken') {
      key = null
      const d = s.day.value!
      // The proxy's alternatives: the rest of this day and all of the next day with free times.
      const offered = extra.slots
      const keyOf = dayKeyer(s.zone.value)
      const next = offered?.map((slot) => keyOf(slot.start)).find((day) => day > d)
      batch(() => {
        if (offered) store(offered, d, next ?? d)
        else {
          requests.delete(d.slice(0, 7))
          loadMonth(d.slice(0, 7)).catch((e) => fail(e))
        }
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
    else if (step === 'form') submit()
    else showMonth(s.month.value)
  }

  /** After a booking: a fresh flow on the same calendar (the form back to the site's prefill). */
  const again = () => {
    key = null
    requests = new Map()
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
