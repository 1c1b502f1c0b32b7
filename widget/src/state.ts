/**
 * The state of one mounted widget: cells created per mount (two widgets never share one), and the values
 * computed from them. Nothing here acts or touches the DOM: the flow is in flow.ts and actions.ts, the focus
 * requests in focus.ts. The cells are injected: `@preact/signals` once the full widget runs (mount.tsx), plain
 * boxes while the first screen shows (first-screen.ts), so this file loads before Preact and signals do.
 */
import type { Booking, CalendarInfo, Slot } from '../../contract/schemas.ts'
import type { Failure } from './api.ts'
import type { Config } from './config.ts'
import {
  addDays,
  browserTimeZone,
  dayKeyer,
  formatDayTime,
  formatTime,
  localeWeekStart,
  zoneName,
} from './dates.ts'
import type { FieldErrors, FormValues } from './form.ts'
import { en, fill, remoteLanguage } from './i18n.ts'
import { RTL } from '../../contract/languages.ts'
import type { Challenge } from './turnstile.ts'
import type { ComponentType } from 'preact'

/** A value a component reads (and an action writes) through `.value`; `peek()` reads it without subscribing. */
export interface Cell<T> {
  value: T
  peek(): T
}

/** A value computed from cells. */
export interface Derived<T> {
  readonly value: T
  peek(): T
}

/** What cells are made of: `signal` and `computed` of `@preact/signals`, or the first screen's plain boxes. */
export interface Cells {
  signal<T>(value: T): Cell<T>
  computed<T>(compute: () => T): Derived<T>
}

/** The steps of the flow; `failed` is a first load that did not succeed. */
export type Step = 'loading' | 'failed' | 'pick' | 'form' | 'done'

/** How a month's slots are: on their way, in, or failed. */
export type MonthStatus = 'loading' | 'ok' | 'error'

/** How far ahead "next free time" searches when the calendar sets no window, in months. */
export const SEARCH_MONTHS = 13

/** The form as a new flow starts it: the site's prefill, nothing else. */
export const emptyValues = (config: Config): FormValues => ({
  firstName: config.prefillFirstName ?? '',
  lastName: config.prefillLastName ?? '',
  email: config.prefillEmail ?? '',
  phone: config.prefillPhone ?? '',
  notes: '',
  consent: false,
  honeypot: '',
})

/**
 * The parts of the widget that load after its first screen (the form, the confirmation, the zone combobox, the
 * header's who and where): the flow shows each once its module is in. `challenge` comes with the form.
 */
export interface Parts {
  Form?: ComponentType<any>
  Done?: ComponentType<any>
  Zone?: ComponentType<any>
  /** The header's who and where (ui/Meeting.tsx). */
  Meeting?: ComponentType<any>
  challenge?: Challenge
}

/** Creates the cells of one widget with `cells`. `now` is the clock "today" follows. */
export function createState(config: Config, now: () => number, { signal, computed }: Cells) {
  const locale = config.locale ?? navigator.language ?? 'en'
  const zone = signal(config.timeZone === 'auto' ? browserTimeZone() : config.timeZone)
  const info = signal<CalendarInfo | null>(null)
  /** Today in the visitor's zone. */
  const today = computed(() => dayKeyer(zone.value)(now()))
  const t = signal(en)
  return {
    locale,
    /** The catalog this locale reads, or undefined for English. */
    lang: remoteLanguage(locale),
    dir: RTL.test(locale) ? ('rtl' as const) : ('ltr' as const),
    weekStart: +(config.weekStart ?? localeWeekStart(locale)),
    now,
    /** The configuration; cosmetic updates (theme, accent, mode, texts) replace it in place. */
    config: signal(config),
    step: signal<Step>('loading'),
    info,
    zone,
    today,
    /** The time of an instant in the visitor's zone and hour cycle. */
    time: (instant: string): string => formatTime(instant, locale, zone.value, config.hourCycle),
    /** The day and time of an instant in one phrase, in a zone (the visitor's by default) and hour cycle. */
    dayTime: (instant: string, timeZone = zone.value): string =>
      formatDayTime(instant, locale, timeZone, config.hourCycle),
    /** A length in minutes, in Intl's own unit words ("30 minutes"). */
    minutes: (n: number): string =>
      new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'long' }).format(n),
    /** `text` with the visitor's zone at `instant` after it, bracketed the language's way. */
    zoned: (text: string, instant: string): string =>
      fill(t.value.zoneInBrackets, { text, zone: zoneName(zone.value, locale, instant) }),
    /** The last day the calendar takes bookings for. */
    lastBookable: computed(() =>
      addDays(today.value, info.value?.bookingWindow.maxDaysAhead ?? SEARCH_MONTHS * 31),
    ),
    /** The displayed month, `YYYY-MM`. */
    month: signal(''),
    /** The grid's tab stop. */
    focusDay: signal(''),
    /** Free slots by local day in `zone`. */
    days: signal<Record<string, Slot[]>>({}),
    months: signal<Record<string, MonthStatus>>({}),
    day: signal<string | null>(null),
    slot: signal<Slot | null>(null),
    values: signal(emptyValues(config)),
    errors: signal<FieldErrors>({}),
    notice: signal(''),
    failure: signal<Failure | null>(null),
    busy: signal(false),
    /** "Jump to the next free time" is loading months: the times column shows a skeleton, not the old day. */
    searching: signal(false),
    booking: signal<Booking | null>(null),
    /** The live region's text. */
    announce: signal(''),
    /** The messages: English until the locale's language arrives (English when it cannot). */
    t,
    /** False while the locale's language is on its way: nothing with words renders before it. */
    wordsReady: signal(!remoteLanguage(locale)),
    /** Popup mode: whether the dialog is open. */
    open: signal(false),
    /** The parts loaded so far (see {@link Parts}). */
    parts: signal<Parts>({}),
  }
}

/** The state of one widget, as components see it. */
export type State = ReturnType<typeof createState>
