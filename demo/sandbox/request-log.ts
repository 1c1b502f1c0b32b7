/** The sandbox's log of API requests, for tests and the demo's panel: what each request carried and got. */
import type { MiddlewareHandler } from 'hono'
import type { FaultKind } from './faults.ts'
import type { SandboxEnv } from './sandbox-env.ts'

/** One API request as the sandbox saw it (`/_sandbox/*` is not logged). */
export interface SandboxRequest {
  method: string
  path: string
  /** The query string with its `?`, or empty. */
  query: string
  status: number
  /** Epoch ms from the sandbox clock when the request arrived. */
  at: number
  /** The token's location, when the token was valid. */
  locationId?: string
  /** The `Version` header as sent, if any. */
  version?: string
  /** The `User-Agent` header as sent, if any. */
  userAgent?: string
  /** The injected fault that answered it, if any. */
  fault?: FaultKind
}

/** Options of {@link createRequestLog}. */
export interface RequestLogOptions {
  /** Clock, epoch ms: stamps each entry. */
  now: () => number
  /** Entries kept; the oldest are dropped. */
  maxEntries: number
}

/** Builds the log: a middleware that records every request but `/_sandbox/*`, and its entries. */
export function createRequestLog(options: RequestLogOptions) {
  let log: SandboxRequest[] = []
  const middleware: MiddlewareHandler<SandboxEnv> = async function logRequests(c, next) {
    const at = options.now()
    await next()
    const url = new URL(c.req.url)
    if (url.pathname.startsWith('/_sandbox')) return
    log.push({
      method: c.req.method,
      path: url.pathname,
      query: url.search,
      status: c.res.status,
      at,
      ...(c.get('locationId') && { locationId: c.get('locationId') }),
      ...(c.req.header('version') && { version: c.req.header('version') }),
      ...(c.req.header('user-agent') && { userAgent: c.req.header('user-agent') }),
      ...(c.get('fault') && { fault: c.get('fault') }),
    })
    if (log.length > options.maxEntries) log = log.slice(-options.maxEntries)
  }
  return {
    middleware,
    /** Copies of the entries, oldest first. */
    entries: (): SandboxRequest[] => log.map((entry) => ({ ...entry })),
    /** Forgets every entry. */
    clear() {
      log = []
    },
  }
}
