/**
 * The Bun entry: `bun proxy/src/entries/bun.ts` (the `bun` binary from npm: `npx bun`), configured by the same
 * variables as the Node entry. SIGTERM and SIGINT stop taking connections and let requests in flight finish, for
 * up to `SHUTDOWN_GRACE_MS`.
 */
import { proxyFromEnvironment } from './from-environment.ts'

/** The part of Bun's API this entry uses (the type check runs without Bun's types). */
interface BunServer {
  port: number
  hostname: string
  requestIP(request: Request): { address: string } | null
  stop(closeActiveConnections?: boolean): Promise<void>
}
declare const Bun: {
  env: Record<string, string | undefined>
  serve(options: {
    port: number
    hostname: string
    fetch(request: Request, server: BunServer): Response | Promise<Response>
  }): BunServer
}

const { proxy, env, log, describe, redis } = await proxyFromEnvironment(
  { ...Bun.env },
  (c) => (c.env as BunServer | undefined)?.requestIP(c.req.raw)?.address,
  (code) => process.exit(code),
)
const server = Bun.serve({
  port: env.PORT,
  hostname: env.HOST,
  // The server reaches the visitor-IP function as the app's environment.
  fetch: (request, bunServer) => proxy.app.fetch(request, bunServer),
})
const host = server.hostname === '0.0.0.0' ? '127.0.0.1' : server.hostname
log({ msg: 'listening', url: `http://${host}:${server.port}`, runtime: 'bun', ...describe })

let stopping = false
const stop = (signal: string) => {
  if (stopping) process.exit(1)
  stopping = true
  log({ msg: 'stopping', signal, graceMs: env.SHUTDOWN_GRACE_MS })
  const late = setTimeout(() => process.exit(1), env.SHUTDOWN_GRACE_MS)
  void server.stop().then(() => {
    clearTimeout(late)
    log({ msg: 'stopped', cutOff: 0 })
    // Redis closes after the last request: a booking finishing in the grace period still stores its answer.
    void (redis?.close() ?? Promise.resolve()).finally(() => process.exit(0))
  })
}
process.on('SIGTERM', () => stop('SIGTERM'))
process.on('SIGINT', () => stop('SIGINT'))
