/** The proxy's one error type, and how it goes on the wire. */
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { ApiError, ErrorCode, Issue, Slot } from '../../contract/schemas.ts'
import { GhlError } from './ghl/types.ts'

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

/**
 * GHL's refusals that only the site owner can end, and how: the widget writes the message to the console. They
 * name no value of the configuration (nor GHL's own words), only where to look.
 */
const REJECTED: Partial<Record<number, string>> = {
  401: `GHL refused the proxy's token (GHL answered 401): put a valid Private Integration Token in the environment variable the site's "tokenEnv" names (GHL_TOKEN by default), then restart the proxy.`,
  403: `GHL refused the site's location to the proxy's token (GHL answered 403): check the site's "locationId" in the sites file, and that the token was made in that location with the scopes the README lists.`,
}

/**
 * What a failed GHL call means for the visitor. GHL's own message is never passed on (it may describe the
 * integration), nor logged. A GHL 429 or a full throttle queue is the proxy's problem, not the visitor's:
 * 503 with Retry-After, not 429.
 */
export function fromGhlError(error: GhlError): ProxyError {
  const headers = error.retryAfter === undefined ? undefined : { 'Retry-After': String(error.retryAfter) }
  switch (error.kind) {
    case 'rejected':
      return new ProxyError(
        502,
        'upstream_rejected',
        REJECTED[error.status!] ?? 'The calendar service refused the request.',
        { cause: error },
      )
    case 'malformed':
      return new ProxyError(502, 'upstream_unavailable', 'The calendar service sent an unexpected answer.', {
        cause: error,
      })
    case 'timeout':
      return new ProxyError(504, 'upstream_unavailable', 'The calendar service did not answer in time.', {
        headers,
        cause: error,
      })
    default:
      return new ProxyError(
        error.retryAfter === undefined && error.status ? 502 : 503,
        'upstream_unavailable',
        'The calendar service is busy or unreachable. Please try again shortly.',
        { headers, cause: error },
      )
  }
}

/** Any thrown value as a ProxyError: GhlErrors are translated, anything unknown is a 500 `internal`. */
export function toProxyError(error: unknown): ProxyError {
  if (error instanceof ProxyError) return error
  if (error instanceof GhlError) return fromGhlError(error)
  return new ProxyError(500, 'internal', 'Something went wrong on our side.', { cause: error })
}
