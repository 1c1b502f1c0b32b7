/** Where the visitor came from, read from the host page once per booking. */
import type { Attribution } from '../../proxy/src/contract.ts'

const KEYS = [
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'gclid',
  'fbclid',
] as const

/**
 * The page's utm_* parameters, click ids, referrer and address, cut to the contract's lengths so an
 * overlong campaign tag can never make the booking itself invalid.
 */
export function readAttribution(
  location: Location = window.location,
  referrer = document.referrer,
): Attribution {
  const params = new URLSearchParams(location.search)
  const found: Attribution = {}
  for (const key of KEYS) {
    const value = params.get(key)?.trim()
    if (value) found[key] = value.slice(0, 200)
  }
  if (referrer) found.referrer = referrer.slice(0, 2000)
  found.page = (location.origin + location.pathname).slice(0, 2000)
  return found
}
