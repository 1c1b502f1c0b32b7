/**
 * The headers every answer carries, gathered per request in one plain object: the security headers (the values
 * Hono's `secureHeaders` set, computed once), the request id, and what the middleware behind it adds (CORS,
 * rate limits). A route that answers with {@link respond} sends that object as its response's headers: on
 * @hono/node-server a response whose headers are a plain object is written without building a `Headers`, which
 * was most of what a cached answer cost. Any other answer (`c.json`, errors, preflights, the booking sub-app)
 * gets the same headers copied on after the handler, as Hono's middleware did. Error answers are readable
 * cross-origin.
 */
import type { Context, MiddlewareHandler } from 'hono'

/** A request's answer headers so far, and the response built from them, if any. */
export interface ResponseHeaders {
  headers: Record<string, string>
  sent?: Response
}

declare module 'hono' {
  interface ContextVariableMap {
    /** Set by {@link responseHeaders} on every request. */
    responseHeaders: ResponseHeaders
  }
}

/**
 * What Hono's `secureHeaders({ crossOriginResourcePolicy: 'cross-origin' })` sets. The widget script is loaded
 * by other sites' pages, so resources may be embedded cross-origin.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Origin-Agent-Cluster': '?1',
  'Referrer-Policy': 'no-referrer',
  'Strict-Transport-Security': 'max-age=15552000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-DNS-Prefetch-Control': 'off',
  'X-Download-Options': 'noopen',
  'X-Frame-Options': 'SAMEORIGIN',
  'X-Permitted-Cross-Domain-Policies': 'none',
  'X-XSS-Protection': '0',
})

/** Options of {@link responseHeaders}. */
export interface ResponseHeadersOptions {
  /** Headers every answer carries, replacing any a handler set. Default {@link SECURITY_HEADERS}. */
  security?: Readonly<Record<string, string>>
  /** A new request id. Default `crypto.randomUUID()`. */
  generateId?: () => string
  /** Longest request id taken from the caller's `X-Request-Id`; longer ones are replaced. Default 255. */
  maxIdLength?: number
}

// As Hono's requestId: a caller's id is kept when it is short and made of word characters, `-` and `=`.
const UNSAFE_ID = /[^\w\-=]/

/** Whether `value` (an existing `Vary`) already names `token`. */
function varies(value: string, token: string): boolean {
  const wanted = token.toLowerCase()
  return value.split(',').some((part) => part.trim().toLowerCase() === wanted)
}

/**
 * The middleware that starts each request's headers; mount it first, on every route. Sets `requestId` and
 * `responseHeaders` on the context.
 */
export function responseHeaders(options: ResponseHeadersOptions = {}): MiddlewareHandler {
  const security = options.security ?? SECURITY_HEADERS
  const generateId = options.generateId ?? (() => crypto.randomUUID())
  const maxIdLength = options.maxIdLength ?? 255

  /** Copies the request's headers onto an answer that was not built from them. */
  function applyTo(response: Response, headers: Record<string, string>): void {
    const target = response.headers
    for (const name in headers) {
      const value = headers[name]!
      // Security headers win over a handler's (as secureHeaders' overwrite); Vary adds to the handler's; the
      // rest were set before the handler ran, so a handler's own value stands.
      if (name in security) target.set(name, value)
      else if (name === 'Vary') {
        const current = target.get('Vary')
        if (current === null) target.set('Vary', value)
        else if (!varies(current, value)) target.set('Vary', `${current}, ${value}`)
      } else if (!target.has(name)) target.set(name, value)
    }
    target.delete('X-Powered-By')
  }

  /** Gives an answer that was not built from the request's headers the same headers. */
  function finish(c: Context, state: ResponseHeaders): void {
    if (c.res === state.sent) return
    applyTo(c.res, state.headers)
    // An error is readable from any page (never with credentials) unless CORS already named the request's
    // origin: a widget on a page its site does not list, or with a mistyped site or calendar id, can then say
    // what is wrong instead of looking offline. An error tells nothing the same request without Origin would not.
    if (c.res.status >= 400 && !c.res.headers.has('Access-Control-Allow-Origin')) {
      c.res.headers.set('Access-Control-Allow-Origin', '*')
    }
  }

  return async function responseHeadersMiddleware(c, next) {
    let id = c.req.header('X-Request-Id')
    if (!id || id.length > maxIdLength || UNSAFE_ID.test(id)) id = generateId()
    c.set('requestId', id)
    const state: ResponseHeaders = { headers: { ...security, 'X-Request-Id': id } }
    c.set('responseHeaders', state)
    await next()
    finish(c, state)
  }
}

/**
 * The request's answer headers, for middleware and routes to add to (empty when {@link responseHeaders} is not
 * mounted). Whatever is added here joins every answer, errors included: a route adds its own headers only once
 * nothing can fail any more.
 */
export function answerHeaders(c: Context): Record<string, string> {
  let state = c.get('responseHeaders')
  if (!state) c.set('responseHeaders', (state = { headers: {} }))
  return state.headers
}

/**
 * An answer carrying the request's headers (add the route's own to {@link answerHeaders} first), as one plain
 * object. Use it on hot routes; an answer built any other way still gets the headers, only slower.
 */
export function respond(c: Context, body: string | null, status: number): Response {
  const state = c.get('responseHeaders') ?? { headers: {} }
  const response = new Response(body, { status, headers: state.headers })
  state.sent = response
  return response
}
