/**
 * The loading half of a widget's flow: the calendar, months of free slots, the first free day, and how a
 * failure shows. The first screen (first-screen.ts) runs it on plain boxes before Preact and signals have loaded;
 * the full widget's actions (actions.ts) run it on signals and build the visitor's actions on it. So it imports
 * nothing of either: `batch` is injected (signals' own, or a plain call).
 */
import type { Slot } from '../../contract/schemas.ts'
import { Failure, type Api } from './api.ts'
import { addDays, addMonths, dayKeyer, lastDayOf } from './dates.ts'
import type { Focus, FocusTarget } from './focus.ts'
import { en, messagesFrom, plural, type Messages } from './i18n.ts'
import { SEARCH_MONTHS, type MonthStatus, type State } from './state.ts'
import type { EventMap, EventName } from './surface.ts'

/** Dispatches one public event. */
export type Emit = <K extends EventName>(name: K, detail: EventMap[K]) => void

/** Options of `createFlow`. */
export interface FlowOptions {
  state: State
  api: Api
  emit: Emit
  focus: Focus
  /** Runs `fn` so that its writes cost one render: signals' `batch`. */
  batch: (fn: () => void) => void
  /**
   * Whether showing a month also fetches the next one, so paging feels instant. Default true; the first screen
   * leaves it to the full widget, so nothing of its own is in flight when the full widget takes over.
   */
  ahead?: boolean
}

/** Creates the loading half of one widget's flow over its state. */
export function createFlow({ state: s, api, emit, focus, batch, ahead = true }: FlowOptions) {
  // Month → its request. Months the state already holds (a first screen's) count as loaded.
  let requests = new Map<string, Promise<void>>()
  let started = false
  for (const [m, status] of Object.entries(s.months.peek()))
    if (status === 'ok') requests.set(m, Promise.resolve())

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
      (slots) => {
        if (own !== requests) return
        batch(() => {
          store(slots, first, last)
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

  /** Shows a month, loads it and (with `ahead`) fetches the next one. */
  const showMonth = (m: string) => {
    s.month.value = m
    loadMonth(m).catch((e) => fail(e))
    if (ahead) loadMonth(addMonths(m, 1)).catch(() => {})
  }

  // Another language's messages come from the proxy, fetched at mount so they travel beside the calendar
  // (a popup's button needs them before the calendar loads); English when they cannot come.
  const words =
    s.lang && !s.wordsReady.peek()
      ? api
          .messages(s.lang)
          .then(messagesFrom, () => en)
          .then((t) =>
            batch(() => {
              s.t.value = t
              s.wordsReady.value = true
              if (started && s.step.value === 'loading') s.announce.value = t.loading
            }),
          )
      : null

  /** Loads the calendar and the first free day; a failure focuses `target` (none on page load). */
  const start = async (target: FocusTarget | null = null) => {
    started = true
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
      emit('ready', { site: s.config.peek().site, calendarId: s.config.peek().calendar })
    } catch (e) {
      await words
      s.step.value = 'failed'
      // A first load that fails takes no focus unless the visitor asked for it (Try again): a widget never
      // scrolls the page or takes focus from it on its own.
      fail(e, target)
    }
  }

  return {
    clear,
    fail,
    store,
    loadMonth,
    findAvailable,
    showMonth,
    start,
    /** The language's messages on their way, or null. */
    words,
    /** Loads a month again, whatever it holds (its times changed under the visitor). */
    reload(m: string) {
      requests.delete(m)
      loadMonth(m).catch((e) => fail(e))
    },
    /** Forgets every month and request (a new zone, a new flow): answers still on their way are dropped. */
    forget() {
      requests = new Map()
    },
  }
}

/** The loading half of one widget's flow. */
export type Flow = ReturnType<typeof createFlow>
