/**
 * Booking quotas: how many bookings one visitor address and one e-mail address may make per site (the site's
 * `bookingQuota`, else {@link DEFAULT_BOOKING_QUOTAS}). A booking takes its uses once its start is known to be free,
 * before anything is written to GHL, and keeps them only if an appointment was made: a visitor who loses a race,
 * mistypes a field or meets a GHL outage is not counted, while one address can no longer book out a calendar.
 * Attempts are bounded elsewhere: by the request rate limits, the slot check (a start that is not free costs
 * nothing) and, where set up, Turnstile.
 */
import { ProxyError } from '../../errors.ts'
import { DEFAULT_BOOKING_QUOTAS, type QuotaRule, type Site } from '../../config/sites.ts'
import { createMemoryQuotaStore, type QuotaStore } from '../../stores/quota-store.ts'

/** Options of {@link createBookingQuotas}. */
export interface BookingQuotasOptions {
  /** Where uses are counted. Default a store in this process's memory. */
  store?: QuotaStore
}

/** Who books: the visitor's address when known, and the e-mail address of the booking. */
export interface Who {
  ip?: string
  email: string
}

/** Uses taken for one booking attempt. */
export interface Reservation {
  /** Gives the uses back: the attempt made no appointment. */
  release(): Promise<void>
}

/** Takes a booking's uses, or throws 429 `rate_limited` with Retry-After. */
export type ReserveQuotas = (site: Site, who: Who) => Promise<Reservation>

/** E-mail addresses compare trimmed and case-insensitively. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase()

const UNITS: [number, string][] = [
  [86_400, 'day'],
  [3_600, 'hour'],
  [60, 'minute'],
  [1, 'second'],
]

/** "an hour", "3 hours", "a day", "90 seconds": in the largest unit that divides `seconds`. */
function describeWindow(seconds: number): string {
  const [size, name] = UNITS.find(([size]) => seconds % size === 0)!
  const count = seconds / size
  return count === 1 ? `${name === 'hour' ? 'an' : 'a'} ${name}` : `${count} ${name}s`
}

/** "2 hours", "a minute", "12 seconds": a wait rounded up in the largest unit it reaches. */
function describeWait(seconds: number): string {
  const [size, name] = UNITS.find(([size]) => seconds >= size) ?? UNITS[3]!
  const count = Math.ceil(seconds / size)
  return count === 1 ? `${name === 'hour' ? 'an' : 'a'} ${name}` : `${count} ${name}s`
}

const refusal = (who: 'visitor' | 'email', rule: QuotaRule, retryAfterMs: number) => {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000))
  const limit = `${rule.limit} booking${rule.limit === 1 ? '' : 's'}`
  const from = who === 'visitor' ? 'from one address' : 'for one e-mail address'
  return new ProxyError(
    429,
    'rate_limited',
    `This site takes at most ${limit} ${from} in ${describeWindow(rule.windowSeconds)}. ` +
      `Please try again in ${describeWait(seconds)}.`,
    { headers: { 'Retry-After': String(seconds) } },
  )
}

/** Builds the quota check of the booking route. */
export function createBookingQuotas(options: BookingQuotasOptions = {}): ReserveQuotas {
  const store = options.store ?? createMemoryQuotaStore()

  return async function reserve(site, who) {
    const rules = { ...DEFAULT_BOOKING_QUOTAS, ...site.bookingQuota }
    const wanted = [
      ...(who.ip ? [{ name: 'visitor' as const, key: `${site.id}:ip:${who.ip}` }] : []),
      { name: 'email' as const, key: `${site.id}:email:${normalizeEmail(who.email)}` },
    ]
    const taken: { key: string; at: number }[] = []
    const release = async () => {
      await Promise.all(taken.splice(0).map(({ key, at }) => store.giveBack(key, at)))
    }
    // One at a time, so a refusal by the second gives the first back and counts nothing.
    for (const { name, key } of wanted) {
      const rule = rules[name]
      const take = await store.take(`booking:${key}`, rule.limit, rule.windowSeconds * 1000)
      if (!take.allowed) {
        await release()
        throw refusal(name, rule, take.retryAfterMs)
      }
      taken.push({ key: `booking:${key}`, at: take.at })
    }
    return { release }
  }
}
