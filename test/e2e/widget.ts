/**
 * How the end-to-end tests see the widget: by role and label, as a visitor and a screen reader do, so markup
 * changes inside the shadow root do not break them (Playwright's locators pierce open shadow roots).
 */
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core'
import type { Demo } from '../../demo/server.ts'
import { newVisitor, VISITOR } from './browser.ts'

/** The section of the demo page holding the inline widget (calendar `cal-consultation`). */
export const inlineWidget = (page: Page): Locator => page.locator('#book')

/** The popup widget's open button (calendar `cal-session`). */
export const popupButton = (page: Page): Locator =>
  page.getByRole('button', { name: 'Book a strategy session' })

/** The month grid's day buttons that have free times. */
export const freeDays = (scope: Locator): Locator =>
  scope.getByRole('grid').getByRole('button', { name: /, [1-9]\d* free times?$/ })

/** The selected day in the month grid. */
export const selectedDay = (scope: Locator): Locator =>
  scope.getByRole('grid').getByRole('button', { pressed: true })

/** The list of the chosen day's times. */
export const slotList = (scope: Locator): Locator => scope.getByRole('list', { name: /^Times on / })

/** The chosen day's time buttons. */
export const slotButtons = (scope: Locator): Locator => slotList(scope).getByRole('button')

/** The submit button of the details form. */
export const bookButton = (scope: Locator): Locator => scope.getByRole('button', { name: 'Book appointment' })

/** The confirmation's heading. */
export const confirmation = (scope: Locator): Locator =>
  scope.getByRole('heading', { name: 'You are booked' })

/** The message shown when the chosen time went to someone else first (not its copy in the live region). */
export const slotTakenNotice = (scope: Locator): Locator => shownText(scope, /that time was just taken/i)

/** Text shown on screen, leaving out the copy a `status` live region holds for screen readers. */
export const shownText = (scope: Locator, text: string | RegExp): Locator =>
  scope.getByText(text).and(scope.locator(':not([role=status])'))

/** What a visitor types in the details form. */
export interface Details {
  firstName: string
  lastName: string
  email: string
}

/** Fills the details form with the mouse and the keyboard's typing, and ticks the consent box. */
export async function fillDetails(scope: Locator, details: Details): Promise<void> {
  await scope.getByLabel('First name').fill(details.firstName)
  await scope.getByLabel('Last name').fill(details.lastName)
  await scope.getByLabel('E-mail').fill(details.email)
  await scope.getByRole('checkbox').check()
}

/** The values the details form shows now. */
export async function detailsShown(scope: Locator): Promise<Details> {
  return {
    firstName: await scope.getByLabel('First name').inputValue(),
    lastName: await scope.getByLabel('Last name').inputValue(),
    email: await scope.getByLabel('E-mail').inputValue(),
  }
}

/** A `ghl-booking:*` event as the page received it. */
export interface WidgetEvent {
  type: string
  detail: Record<string, unknown> | undefined
}

const EVENT_NAMES = [
  'ready',
  'date-select',
  'slot-select',
  'submit',
  'booked',
  'rescheduled',
  'cancelled',
  'error',
]

/** Records every `ghl-booking:*` event of each page of `context` from the first script on. */
export async function recordEvents(context: BrowserContext): Promise<void> {
  await context.addInitScript((names: string[]) => {
    const log: { type: string; detail: unknown }[] = []
    ;(window as unknown as { ghlEvents: typeof log }).ghlEvents = log
    for (const name of names) {
      document.addEventListener(`ghl-booking:${name}`, (e) =>
        log.push({ type: e.type, detail: (e as CustomEvent).detail }),
      )
    }
  }, EVENT_NAMES)
}

/** The events recorded on `page` so far (see {@link recordEvents}), oldest first. */
export const eventsOf = (page: Page): Promise<WidgetEvent[]> =>
  page.evaluate(() => (window as unknown as { ghlEvents: WidgetEvent[] }).ghlEvents)

/** The `start` of the last `ghl-booking:slot-select` event: the exact slot string the widget will book. */
export async function lastSelectedStart(page: Page): Promise<string> {
  const select = (await eventsOf(page)).findLast((e) => e.type === 'ghl-booking:slot-select')
  if (typeof select?.detail?.start !== 'string') throw new Error('no ghl-booking:slot-select event yet')
  return select.detail.start
}

/** How the widget labels a slot's time for an en-US visitor in `timeZone`, e.g. `10:00 AM`. */
export const timeLabel = (start: string, timeZone: string = VISITOR.timezoneId): string =>
  new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit' }).format(new Date(start))

/**
 * How the widget names a slot's day and time for an en-US visitor in `timeZone`, as one Intl phrase:
 * `Thursday, April 15, 2027 at 10:00 AM` (its button's label goes on with the zone in brackets).
 */
export const slotLabel = (start: string, timeZone: string = VISITOR.timezoneId): string =>
  new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  }).format(new Date(start))

/** Spaces as a comparison sees them: ICU writes `10:00 AM` with a narrow no-break space. */
export const plain = (text: string): string => text.replace(/\s/g, ' ')

/** Whether `locator`'s element has the focus, looking through shadow roots. */
export function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => {
    let active = document.activeElement
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement
    return active === element
  })
}

/** The accessible label (or text) of the focused element, looking through shadow roots. */
export function focusedLabel(page: Page): Promise<string> {
  return page.evaluate(() => {
    let active = document.activeElement
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement
    return active?.getAttribute('aria-label') ?? active?.textContent?.trim() ?? ''
  })
}

/** Presses Tab until `target` has the focus; fails after `max` presses. */
export async function tabTo(page: Page, target: Locator, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    if (await isFocused(target)) return
  }
  throw new Error(`${target} never got the focus in ${max} tabs; focus is on "${await focusedLabel(page)}"`)
}

/** Waits until `probe` returns true, polling; fails with `message` after `timeoutMs`. */
export async function until(probe: () => boolean | Promise<boolean>, message: string, timeoutMs = 5_000) {
  const end = Date.now() + timeoutMs
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out: ${message}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/** The sandbox's live appointments on `calendarId` starting at the instant of `start` (a slot string). */
export const appointmentsAt = (demo: Demo, calendarId: string, start: string) =>
  demo.sandbox
    .appointments()
    .filter(
      (a) =>
        a.calendarId === calendarId &&
        Date.parse(a.startTime) === Date.parse(start) &&
        a.appointmentStatus !== 'cancelled',
    )

/** The sandbox's contact of an appointment. */
export const contactOf = (demo: Demo, contactId: string) => demo.sandbox.state().contacts.get(contactId)

/** Where a visitor goes: a served stack (the demo, or a proxy) and the clock its server side reads. */
export interface Served {
  url: string
  clock: { now(): number }
}

/**
 * A new visitor (own browser context) on `path` of a served stack, recording the widget events; close the
 * context when done. The visitor's clock starts at the stack's instant and runs on with it, so "today" is the
 * same day in the browser, the proxy and the sandbox.
 */
export async function visit(
  served: Served,
  browser: Browser,
  path = '/',
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newVisitor(browser, options)
  await context.clock.install({ time: served.clock.now() })
  await recordEvents(context)
  const page = await context.newPage()
  await page.goto(`${served.url}${path}`)
  return { context, page }
}

/** Shows the grid's month holding `dayLabel` (`Tuesday, December 1, 2026`) and picks that day. */
export async function openDay(scope: Locator, dayLabel: string): Promise<void> {
  const day = scope.getByRole('grid').getByRole('button', { name: new RegExp(`^${escapeRe(dayLabel)},`) })
  for (let i = 0; i < 3 && !(await day.count()); i++) {
    await scope.getByRole('button', { name: 'Next month' }).click()
  }
  await day.click()
  await scope.getByRole('heading', { name: `Times on ${dayLabel}` }).waitFor()
}

/** The day a time list is for, from its heading (`Times on Tuesday, December 1, 2026`). */
export async function shownDay(scope: Locator): Promise<string> {
  const heading = await scope.getByRole('heading', { name: /^Times on / }).innerText()
  return heading.replace(/^Times on /, '')
}

/**
 * A time button by its time's label (`10:00 AM`), whatever the spaces ICU put in. Its accessible name is the day
 * and the time as one phrase (`Thursday, April 15, 2027 at 10:00 AM (…)`), so the time is matched as a whole word
 * of it.
 */
export const slotAt = (scope: Locator, time: string): Locator =>
  slotList(scope).getByRole('button', { name: new RegExp(`(?:^|\\s)${loose(time)}(?=\\s|$)`) })

const escapeRe = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** A pattern matching `text` literally, any space matching any space (ICU writes narrow no-break ones). */
export const loose = (text: string): string => escapeRe(plain(text)).replace(/ /g, '\\s')
