/**
 * Stops a Node HTTP server without cutting off a request in flight: a booking that already reached GHL must
 * reach its visitor too, or GHL holds an appointment the visitor was never told about. Node-only: the Node
 * entry's server.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http'

/** What {@link closeGracefully} did. */
export interface GracefulCloseResult {
  /** Connections still busy when the grace period ended, and cut off then; 0 when everything finished. */
  cutOff: number
}

/** How often connections whose answer has ended are closed, ms. */
const SWEEP_MS = 25

/**
 * Stops accepting connections at once and closes idle keep-alive connections at once; requests in flight get
 * their answer, each connection closing after it; after `graceMs`, whatever is still open is cut off. Resolves
 * once no connection is left.
 */
export function closeGracefully(server: Server, graceMs: number): Promise<GracefulCloseResult> {
  return new Promise((resolve) => {
    // A request that still arrives on an open connection is served, and told the connection closes after it.
    const closeAfter = (_request: IncomingMessage, response: ServerResponse) =>
      response.setHeader('Connection', 'close')
    server.prependListener('request', closeAfter)
    // A connection busy at the signal answered with keep-alive: Node would hold it open, idle, until its keep-alive
    // timeout, and close() with it. Closing idle connections every few ms ends each soon after its answer.
    const sweep = setInterval(() => server.closeIdleConnections(), SWEEP_MS)
    let done = false
    const finish = (cutOff: number) => {
      if (done) return
      done = true
      clearInterval(sweep)
      clearTimeout(deadline)
      resolve({ cutOff })
    }
    const deadline = setTimeout(() => {
      server.getConnections((error, count) => {
        server.closeAllConnections()
        finish(error ? 0 : count)
      })
    }, graceMs)
    // close() stops listening and closes idle connections now; its callback runs when the last one has closed.
    server.close(() => finish(0))
  })
}
