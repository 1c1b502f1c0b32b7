/** The proxy's one error type, and how it goes on the wire. */
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { ApiError, ErrorCode, Issue, Slot } from './contract.ts'

/** An error the proxy answers with: a status, a contract `code`, a message safe to show, optional details. */
export class ProxyError extends Error {
  readonly status: ContentfulStatusCode
  readonly code: ErrorCode
  readonly issues?: Issue[]
  readonly slots?: Slot[]
  readonly headers?: Record<string, string>

  constructor(
    status: ContentfulStatusCode,
    code: ErrorCode,
    message: string,
    extra: { issues?: Issue[]; slots?: Slot[]; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, { cause: extra.cause })
    this.name = 'ProxyError'
    this.status = status
    this.code = code
    this.issues = extra.issues
    this.slots = extra.slots
    this.headers = extra.headers
  }

  /** The contract's error body. */
  toJSON(): ApiError {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.issues && { issues: this.issues }),
        ...(this.slots && { slots: this.slots }),
      },
    }
  }
}

/** Writes a ProxyError as the JSON response. */
export function sendError(c: Context, error: ProxyError): Response {
  for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value)
  return c.json(error.toJSON(), error.status)
}
