/**
 * The proxy the app tests drive: one site, `acme`, on the fake GHL's location and calendar, in front of
 * {@link createFakeGhl}, with one clock for both and no waits between GHL retries.
 */
import * as v from 'valibot'
import { buildProxy, type Proxy, type ProxyOptions } from '../../proxy/src/proxy.ts'
import { Site } from '../../proxy/src/config/sites.ts'
import { createFakeGhl, FAKE, type FakeGhl } from './fake-ghl.ts'

/** The one origin the test site allows. */
export const FAKE_ORIGIN = 'https://www.acme.test'

/** Options of {@link createFakeProxy}: any of the proxy's own, but the sites and how GHL is reached. */
export interface FakeProxyOptions extends Omit<
  Partial<ProxyOptions>,
  'sites' | 'tokenFor' | 'ghlApiBase' | 'fetch' | 'ghl'
> {
  /** Site fields besides its id, location, calendar and origin (`rateLimit`). Default: none. */
  site?: Partial<v.InferInput<typeof Site>>
}

/**
 * Builds the proxy and the fake GHL behind it. `clock` defaults to one standing still at `FAKE.now`, `sleep` to
 * no wait at all.
 */
export function createFakeProxy(options: FakeProxyOptions = {}): { proxy: Proxy; ghl: FakeGhl } {
  const { site: siteFields, ...proxyOptions } = options
  const clock = options.clock ?? (() => FAKE.now)
  const ghl = createFakeGhl({ clock })
  const site = v.parse(Site, {
    id: 'acme',
    locationId: FAKE.locationId,
    calendars: [FAKE.calendarId],
    origins: [FAKE_ORIGIN],
    ...siteFields,
  })
  const proxy = buildProxy({
    sleep: async () => {},
    ...proxyOptions,
    sites: [site],
    tokenFor: () => FAKE.token,
    ghlApiBase: FAKE.baseUrl,
    fetch: ghl.fetch,
    clock,
  })
  return { proxy, ghl }
}
