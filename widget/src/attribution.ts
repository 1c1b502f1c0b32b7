/** Where the visitor came from, read from the host page once per booking. */
import type { Attribution } from '../../contract/schemas.ts'

/** The query parameters that go with a booking: utm_* and the ad click ids. */
const KEY = /^(utm_(source|medium|campaign|term|content)|gclid|fbclid)$/

/**
 * The page's utm_* parameters, click ids, referrer and address, cut to the contract's lengths so an
 * overlong campaign tag can never make the booking itself invalid.
 */
export function readAttribution(
  location: Location = window.location,
  referrer = document.referrer,
): Attribution {
  const found: Record<string, string> = {}
  for (const [key, value] of new URLSearchParams(location.search)) {
    if (KEY.test(key) && value.trim()) found[key] ??= value.trim().slice(0, 200)
  }
  if (referrer) found.referrer = referrer.slice(0, 2000)
  found.page = (location.origin + location.pathname).slice(0, 2000)
  return found
}
