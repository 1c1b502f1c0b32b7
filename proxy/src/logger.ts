/** One JSON object per line: the proxy's only log format. The token is never handed to it. */
import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv, Clock } from './types.ts'

/** A log entry: `msg` names the event, the rest are fields. */
export type LogEntry = { msg: string; level?: 'info' | 'warn' | 'error' } & Record<string, unknown>

/** Writes one entry. */
export type Logger = (entry: LogEntry) => void

/** Options of {@link createJsonLogger}. */
export interface JsonLoggerOptions {
  /** Receives each line. Default `console.log`. */
  write?: (line: string) => void
  /** Default `Date.now`. */
  clock?: Clock
}

/**
 * Describes a failure for a log line: its name, and its code or kind and status, never its message or cause,
 * which may carry upstream text (a rejected GHL call's message is GHL's own). Log lines hold only values the
 * proxy chose to write.
 */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: typeof error }
  const { code, kind, status } = error as { code?: unknown; kind?: unknown; status?: unknown }
  return {
    error: error.name,
    ...(code !== undefined && { code }),
    ...(kind !== undefined && { kind }),
    ...(status !== undefined && { status }),
  }
}

/** A logger that writes `{"time":...,"level":...,"msg":...}` lines. */
export function createJsonLogger(options: JsonLoggerOptions = {}): Logger {
  const write = options.write ?? ((line: string) => console.log(line))
  const clock = options.clock ?? Date.now
  return (entry) => write(JSON.stringify({ time: new Date(clock()).toISOString(), level: 'info', ...entry }))
}

/**
 * Path segments that are credentials: the token of a booking's link (`/v1/sites/:site/bookings/:token/...`), which
 * lets anyone holding it move or cancel that booking.
 */
const CREDENTIAL_SEGMENT = /^(\/v1\/sites\/[^/]+\/bookings\/)[^/]+/

/** The path as a log line may show it: a credential in it becomes `:token`. */
export const loggedPath = (path: string): string => path.replace(CREDENTIAL_SEGMENT, '$1:token')

/** Options of {@link requestLog}. */
export interface RequestLogOptions {
  /** Receives one entry per request. */
  log: Logger
  /** Default `Date.now`. */
  clock?: Clock
}

/** Logs one line per request once it is answered: method, path (no query, no token), status, duration, request id. */
export function requestLog(options: RequestLogOptions): MiddlewareHandler<AppEnv> {
  const { log } = options
  const clock = options.clock ?? Date.now
  function write(c: Context<AppEnv>, started: number): void {
    const status = c.res.status
    log({
      msg: 'request',
      level: status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info',
      requestId: c.get('requestId'),
      method: c.req.method,
      path: loggedPath(c.req.path),
      status,
      ms: clock() - started,
      site: c.get('site')?.id,
    })
  }
  return async function requestLogMiddleware(c, next) {
    const started = clock()
    await next()
    write(c, started)
  }
}
