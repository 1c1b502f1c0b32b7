/**
 * Runs a write once per `Idempotency-Key`: the first request with a key does the work and keeps its answer, a retry
 * with the same key and body gets that answer again (`Idempotent-Replayed: true`), the same key with another body
 * is refused, and a duplicate that arrives while the first runs waits for it. Shared by the booking route and the
 * routes that change a booking through its link. An answer worth retrying (an upstream fault) gives the key up.
 */
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { ErrorCode } from '../../../contract/schemas.ts'
import { ProxyError } from '../errors.ts'
import { describeError, type Logger } from '../logger.ts'
import { toProxyError } from '../services/bookings/upstream.ts'
import type { IdempotencyStore, StoredResponse } from '../stores/idempotency.ts'
import type { Clock } from '../types.ts'

/** Options of {@link createOnce}. */
export interface OnceOptions {
  /** Where answers are kept per key (callers scope the keys). */
  store: IdempotencyStore
  /** Milliseconds since the epoch; bounds how long a duplicate waits for the first request. */
  clock: Clock
  /** Answers with these codes are final for their key; any other failure gives the key up for a retry. */
  finalCodes: ReadonlySet<ErrorCode>
  /** What a key reused with another body is told (422). */
  reusedMessage: string
  /** What a duplicate is told when the first request runs elsewhere for longer than `waitMs` (503). */
  busyMessage: string
  /** The `msg` of the log line of an unexpected failure (a bug). */
  failureMsg: string
  /** Default none. */
  log?: Logger
  /** How long a duplicate whose first request runs elsewhere (a shared store) waits for it, in ms. Default 20 000. */
  waitMs?: number
  /** How often such a duplicate looks at the store, in ms. Default 100. */
  pollMs?: number
  /** Waits `ms`. Default `setTimeout`. */
  sleep?: (ms: number) => Promise<void>
}

/** The answer for a key, and whether it is a replay of an earlier request's. */
export type Once = (
  key: string,
  fingerprint: string,
  work: () => Promise<StoredResponse>,
) => Promise<{ response: StoredResponse; replayed: boolean }>

/** A contract error as a stored answer. */
export const errorResponse = (error: ProxyError): StoredResponse => ({
  status: error.status,
  body: error.toJSON(),
  ...(error.headers && { headers: error.headers }),
})

/** Builds the runner. */
export function createOnce(options: OnceOptions): Once {
  const { store, clock, finalCodes, log = () => {}, waitMs = 20_000, pollMs = 100 } = options
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  // Requests of this process that hold a claim, so a concurrent duplicate waits on the promise, not the store.
  const inflight = new Map<string, Promise<StoredResponse>>()

  async function run(key: string, print: string, work: () => Promise<StoredResponse>) {
    const running = (async () => {
      let response: StoredResponse
      try {
        response = await work()
      } catch (error) {
        const proxyError = toProxyError(error)
        if (proxyError.code === 'internal')
          log({ level: 'error', msg: options.failureMsg, ...describeError(error) })
        response = errorResponse(proxyError)
        if (!finalCodes.has(proxyError.code)) {
          await store.release(key)
          return response
        }
      }
      await store.complete(key, print, response)
      return response
    })()
    inflight.set(key, running)
    try {
      return await running
    } finally {
      inflight.delete(key)
    }
  }

  return async function once(key, print, work) {
    const deadline = clock() + waitMs
    for (;;) {
      const record = await store.claim(key, print)
      if (!record) return { response: await run(key, print, work), replayed: false }
      if (record.fingerprint !== print) throw new ProxyError(422, 'invalid_request', options.reusedMessage)
      if (record.state === 'done') return { response: record.response, replayed: true }
      const local = inflight.get(key)
      if (local) return { response: await local, replayed: true }
      // The first request runs in another instance: look again until it answers, gives up its claim, or time is up.
      while (clock() < deadline) {
        await sleep(pollMs)
        const next = await store.get(key)
        if (next?.state === 'done') return { response: next.response, replayed: true }
        if (!next) break
      }
      if (clock() >= deadline) {
        throw new ProxyError(503, 'upstream_unavailable', options.busyMessage, {
          headers: { 'Retry-After': '2' },
        })
      }
    }
  }
}

/** Writes a stored answer, marked as a replay when it is one. */
export function reply(c: Context, response: StoredResponse, replayed: boolean): Response {
  for (const [name, value] of Object.entries(response.headers ?? {})) c.header(name, value)
  if (replayed) c.header('Idempotent-Replayed', 'true')
  return c.json(response.body as object, response.status as ContentfulStatusCode)
}

/** A stable digest of a JSON value, so the same key with another body can be told apart. */
export async function digest(value: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(value))
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))
  return Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join('')
}
