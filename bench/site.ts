/** The benchmark's site. */
import * as v from 'valibot'
import { SANDBOX } from '../demo/sandbox/index.ts'
import { Site } from '../proxy/src/config/sites.ts'

/** The site the bench uses: limits far above the load, so the limiter runs but never refuses. */
export const BENCH_SITE = v.parse(Site, {
  id: 'bench',
  locationId: SANDBOX.locationId,
  calendars: [SANDBOX.calendars.consultation],
  origins: ['http://bench.test'],
  rateLimit: { site: { limit: 1e9, windowSeconds: 60 }, visitor: { limit: 1e9, windowSeconds: 60 } },
})
