/**
 * The state of one mounted widget: signals created per mount (two widgets never share one), and the values
 * computed from them. Nothing here acts or touches the DOM: the flow's actions are in actions.ts, the focus
 * requests in focus.ts.
 */
import { computed, signal } from '@preact/signals'
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
import { createChallenge } from './turnstile.ts'

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

/** Creates the signals of one widget. `now` is the clock "today" follows. */
export function createState(config: Config, now: () => number) {
  const locale = config.locale ?? navigator.language ?? 'en'
  const zone = signal(config.timeZone === 'auto' ? browserTimeZone() : config.timeZone)
  const info = signal<CalendarInfo | null>(null)
  /** Today in the visitor's zone. */
  const today = computed(() => dayKeyer(zone.value)(now()))
  const settings = signal(config)
  const t = signal(en)
  return {
    locale,
    /** The catalog this locale reads, or undefined for English. */
    lang: remoteLanguage(locale),
    dir: RTL.test(locale) ? ('rtl' as const) : ('ltr' as const),
    weekStart: +(config.weekStart ?? localeWeekStart(locale)),
    now,
    /** The configuration; cosmetic updates (theme, accent, mode, texts) replace it in place. */
    config: settings,
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
    /** The Turnstile challenge of a calendar that wants one (turnstile.ts). */
    challenge: createChallenge({
      siteKey: () => info.peek()?.form.turnstileSiteKey,
      theme: () => settings.peek().theme,
    }),
  }
}

/** The state of one widget, as components see it. */
export type State = ReturnType<typeof createState>
