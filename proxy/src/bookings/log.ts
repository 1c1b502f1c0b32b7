/** The structured log line the booking and webhook routes emit. */

/**
 * One log entry: an `event` name and plain fields (site, calendar, codes, durations). Never a token, a request
 * header or a GHL response body: only values the proxy chose to write.
 */
export interface LogLine {
  level: 'info' | 'warn' | 'error'
  event: string
  [field: string]: unknown
}

/** Receives log lines; default none. Wire it to `console.log(JSON.stringify(line))` or a logger. */
export type Log = (line: LogLine) => void

/** Describes a failure for a log line: its name, code or kind and status, not its message or cause. */
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
