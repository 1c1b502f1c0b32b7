/** Log helpers shared by the booking and webhook routes. */

/**
 * Describes a failure for a log line: its name, and its code or kind and status, never its message or cause,
 * which may carry upstream text. Log lines hold only values the proxy chose to write.
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
