/**
 * Node's HTTP parser refuses some requests before Hono sees them: a request line or header that is not HTTP,
 * headers over Node's size limit, a request that took too long to arrive. Node then answers with a status line and
 * no body; this answers in the contract's shape instead (`{ "error": { "code", "message" } }`, readable from any
 * page), so a client reads one kind of error whatever refused it. Node-only: the Node entry's server.
 */
import type { Server } from 'node:http'
import type { Duplex } from 'node:stream'
import type { ErrorCode } from '../../../contract/schemas.ts'
import { ProxyError } from '../errors.ts'

type Answer = { status: 400 | 408 | 413 | 431; reason: string; code: ErrorCode; message: string }

const BAD_REQUEST: Answer = {
  status: 400,
  reason: 'Bad Request',
  code: 'invalid_request',
  message: 'The request is not valid HTTP.',
}

/** By Node's error code; Node's own answers to the same errors have these statuses. */
const ANSWERS: Record<string, Answer> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    code: 'invalid_request',
    message: 'The request headers are too large.',
  },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: {
    status: 413,
    reason: 'Payload Too Large',
    code: 'payload_too_large',
    message: 'The request body has too large chunk extensions.',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    reason: 'Request Timeout',
    code: 'invalid_request',
    message: 'The request took too long to arrive.',
  },
}

/** The raw HTTP/1.1 answer to a parser error with Node's `code`: JSON body, closes the connection. */
export function clientErrorResponse(code: string | undefined): string {
  const answer = (code && ANSWERS[code]) || BAD_REQUEST
  const body = JSON.stringify(new ProxyError(answer.status, answer.code, answer.message).toJSON())
  return (
    `HTTP/1.1 ${answer.status} ${answer.reason}\r\n` +
    'Content-Type: application/json; charset=UTF-8\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    'Access-Control-Allow-Origin: *\r\n' +
    'X-Content-Type-Options: nosniff\r\n' +
    'Cache-Control: no-store\r\n' +
    'Connection: close\r\n\r\n' +
    body
  )
}

/** Answers the server's `clientError`s with {@link clientErrorResponse}, then closes their connections. */
export function answerClientErrors(server: Server): void {
  server.on('clientError', function answerClientError(error: NodeJS.ErrnoException, socket: Duplex) {
    // As Node does: no answer on a connection that is gone, or whose answer to an earlier request has begun.
    const current = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage
    if (error.code === 'ECONNRESET' || !socket.writable || current?.headersSent) {
      socket.destroy()
      return
    }
    socket.end(clientErrorResponse(error.code), () => socket.destroy())
  })
}
