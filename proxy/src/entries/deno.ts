/**
 * The Deno entry: `deno run --allow-net --allow-env --allow-read proxy/src/entries/deno.ts` (the `deno` binary from
 * npm: `npx deno`), configured by the same variables as the Node entry. SIGTERM and SIGINT stop taking
 * connections and let requests in flight finish, for up to `SHUTDOWN_GRACE_MS`.
 */
import { proxyFromEnvironment } from './from-environment.ts'

/** The part of Deno's API this entry uses (the type check runs without Deno's types). */
declare const Deno: {
  env: { toObject(): Record<string, string> }
  serve(
    options: { port: number; hostname: string; onListen(address: { hostname: string; port: number }): void },
    handler: (request: Request, info: { remoteAddr: { hostname: string } }) => Response | Promise<Response>,
  ): { shutdown(): Promise<void>; finished: Promise<void> }
  addSignalListener(signal: 'SIGTERM' | 'SIGINT', handler: () => void): void
  exit(code: number): never
}

const { proxy, env, log, describe, redis } = await proxyFromEnvironment(
  Deno.env.toObject(),
  (c) => (c.env as { remoteAddr?: { hostname: string } } | undefined)?.remoteAddr?.hostname,
  Deno.exit,
)
const server = Deno.serve(
  {
    port: env.PORT,
    hostname: env.HOST,
    onListen: ({ hostname, port }) => {
      const host = hostname === '0.0.0.0' ? '127.0.0.1' : hostname.includes(':') ? `[${hostname}]` : hostname
      log({ msg: 'listening', url: `http://${host}:${port}`, runtime: 'deno', ...describe })
    },
  },
  // The connection's peer reaches the visitor-IP function as the app's environment.
  (request, info) => proxy.app.fetch(request, { remoteAddr: info.remoteAddr }),
)

let stopping = false
const stop = (signal: string) => {
  if (stopping) Deno.exit(1)
  stopping = true
  log({ msg: 'stopping', signal, graceMs: env.SHUTDOWN_GRACE_MS })
  const late = setTimeout(() => Deno.exit(1), env.SHUTDOWN_GRACE_MS)
  void server.shutdown().then(() => {
    clearTimeout(late)
    log({ msg: 'stopped', cutOff: 0 })
    // Redis closes after the last request: a booking finishing in the grace period still stores its answer.
    void (redis?.close() ?? Promise.resolve()).finally(() => Deno.exit(0))
  })
}
Deno.addSignalListener('SIGTERM', () => stop('SIGTERM'))
Deno.addSignalListener('SIGINT', () => stop('SIGINT'))
