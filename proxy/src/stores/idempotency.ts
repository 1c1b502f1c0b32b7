/**
 * The idempotency store: what a booking request answered, kept under its `Idempotency-Key` so a retried request
 * gets the same answer instead of a second appointment. An interface, so a shared store (Redis) can replace the
 * in-memory one when several proxy instances run.
 */

/** A finished request's answer, replayed as is for a retry with the same key. */
export interface StoredResponse {
  status: number
  body: unknown
  headers?: Record<string, string>
}

/**
 * What the store holds under a key. `pending` while the first request runs (a concurrent duplicate waits for it),
 * `done` once it answered. `fingerprint` identifies the request body, so the same key with another body is refused.
 */
export type IdempotencyRecord =
  { state: 'pending'; fingerprint: string } | { state: 'done'; fingerprint: string; response: StoredResponse }

/** Keys are opaque to the store; callers scope them (for example by site). */
export interface IdempotencyStore {
  /**
   * Claims `key` for a request whose body has `fingerprint`. Resolves `undefined` when the claim is new (the caller
   * runs the request, then calls `complete` or `release`), or the record already there. Must be atomic.
   */
  claim(key: string, fingerprint: string): Promise<IdempotencyRecord | undefined>
  /** The record under `key`, if any, without claiming it. */
  get(key: string): Promise<IdempotencyRecord | undefined>
  /** Stores the final answer under a claimed key, kept for the store's TTL. */
  complete(key: string, fingerprint: string, response: StoredResponse): Promise<void>
  /** Drops a claim whose outcome is worth retrying with the same key (an upstream fault). */
  release(key: string): Promise<void>
}
