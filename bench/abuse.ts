/**
 * `npm run bench:abuse`: the proxy attacked with valid, unauthenticated traffic, on loopback and bounded in time,
 * each figure printed beside its goal. `npm run bench:abuse -- reads` (or `bookings`, `shutdown`) runs one part.
 * - reads: memory under 50 000 distinct slots queries in a 200 MB heap; reads while GHL fails (bench/abuse-reads.ts)
 * - bookings: GHL calls and contacts caused by 300 bookings of non-free starts (bench/abuse-bookings.ts)
 * - shutdown: bookings in flight across a SIGTERM; a second visitor while one floods (bench/abuse-shutdown.ts)
 */
import { measureAbuseBookings, printAbuseBookings } from './abuse-bookings.ts'
import { abuseReads, printAbuseReads } from './abuse-reads.ts'
import { measureAbuseAndShutdown, printAbuseShutdown } from './abuse-shutdown.ts'

const PARTS = ['reads', 'bookings', 'shutdown']
const asked = process.argv.slice(2)
const unknown = asked.filter((part) => !PARTS.includes(part))
if (unknown.length) {
  console.error(`Unknown part ${unknown.join(', ')}: choose among ${PARTS.join(', ')}`)
  process.exit(2)
}
const wanted = (part: string) => !asked.length || asked.includes(part)
const number = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined)

if (wanted('reads')) {
  printAbuseReads(
    await abuseReads({
      queries: number('BENCH_QUERIES'),
      faultSeconds: number('BENCH_FAULT_SECONDS'),
      connections: number('BENCH_CONNECTIONS'),
      rate: number('BENCH_RATE'),
    }),
  )
}
if (wanted('bookings')) printAbuseBookings(await measureAbuseBookings())
if (wanted('shutdown')) printAbuseShutdown(await measureAbuseAndShutdown())
