/** GHL's error bodies (common-schemas.json's DTOs), as one throwable type the sandbox's app turns into a response. */
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
}

/**
 * An error GHL would answer with. `message` is a string, or a list of strings for 422 (class-validator style,
 * as `UnprocessableDTO` shows). 400 bodies carry no `error` field, like `BadRequestDTO`.
 */
export class GhlHttpError extends Error {
  readonly status: ContentfulStatusCode
  readonly messages: string | string[]
  readonly headers: Record<string, string>

  constructor(
    status: ContentfulStatusCode,
    message: string | string[],
    headers: Record<string, string> = {},
  ) {
    super(Array.isArray(message) ? message.join('; ') : message)
    this.name = 'GhlHttpError'
    this.status = status
    this.messages = message
    this.headers = headers
  }

  /** The JSON body GHL sends for this status. */
  toJSON(): Record<string, unknown> {
    const body: Record<string, unknown> = { statusCode: this.status, message: this.messages }
    if (this.status !== 400 && REASONS[this.status]) body.error = REASONS[this.status]
    return body
  }
}

/** A unique id for one request, as GHL returns with every response. */
export function traceId(): string {
  return crypto.randomUUID()
}

/** Writes a GhlHttpError (with a `traceId`) as the response. */
export function sendGhlError(c: Context, error: GhlHttpError): Response {
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value)
  return c.json({ ...error.toJSON(), traceId: traceId() }, error.status)
}

/** The message GHL gives when a start time is not one of its free slots. */
export const SLOT_UNAVAILABLE = 'The slot you have selected is no longer available.'
