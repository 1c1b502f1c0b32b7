/**
 * `npm run sandbox`: serves the GHL sandbox on `SANDBOX_PORT` (default 8788). `SANDBOX_WEBHOOK_URL`, when set,
 * receives signed Appointment* webhooks. Stops cleanly on SIGINT and SIGTERM.
 */
import { serve } from '@hono/node-server'
import { createSandbox } from './index.ts'

const port = Number(process.env.SANDBOX_PORT ?? 8788)
const webhookUrl = process.env.SANDBOX_WEBHOOK_URL
const sandbox = createSandbox({ webhook: webhookUrl ? { url: webhookUrl } : undefined })

const server = serve({ fetch: sandbox.fetch, port, hostname: '127.0.0.1' }, (info) => {
  console.log(`GHL sandbox listening on http://127.0.0.1:${info.port} (control: /_sandbox/requests)`)
})

function stop(signal: string) {
  console.log(`GHL sandbox stopping (${signal})`)
  sandbox.close()
  server.close(() => process.exit(0))
  // Keep-alive connections can hold close() open; do not wait for them forever.
  setTimeout(() => process.exit(0), 2_000).unref()
}
process.once('SIGINT', () => stop('SIGINT'))
process.once('SIGTERM', () => stop('SIGTERM'))
