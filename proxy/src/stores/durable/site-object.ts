/**
 * `SiteState`, the Durable Object of one site (named by the site's id): the exact rate-limit counts of the site and
 * its visitors, its booking quotas, and its idempotency keys. One object per site runs one operation at a time, so
 * each operation is atomic over every Worker isolate without locks; while it awaits its storage no other operation
 * starts (the runtime's input gate). The webhook replay guard and the webhook limits, which belong to no site, use
 * the object named {@link SHARED_OBJECT}.
 *
 * Rate-limit counters are held in the object's memory (a window lasts a minute; an object is only evicted after
 * being idle longer), bounded by bytes as in one process. Quotas, idempotency records and webhook ids must outlive
 * an eviction: they are in storage, each with its expiry on the object's clock, swept by an alarm. Windows are
 * counted on the caller's clock (`now`, `at`), as the memory stores count them, so `RateLimit` headers agree.
 */
import { createMemoryRateLimitStore } from '../rate-limit.ts'
import type { IdempotencyRecord, StoredResponse } from '../idempotency.ts'
import { answerCall, type DurableState } from './protocol.ts'

/** The object that holds what belongs to no site: webhook ids and the webhook limits. Not a valid site id. */
export const SHARED_OBJECT = '~shared'

/** How long a finished booking's answer is replayed, and a claim may stay pending, ms (as the memory store). */
const ANSWER_TTL_MS = 86_400_000
const PENDING_TTL_MS = 120_000
/** How long a webhook id is remembered, ms (as the memory guard). */
const WEBHOOK_TTL_MS = 600_000
/** How often expired entries are swept from storage while any is left, ms. */
const SWEEP_MS = 600_000

/** A stored idempotency record, with the claim that made it pending and when it expires (object's clock). */
type StoredRecord = { record: IdempotencyRecord; claim?: string; expiresAt: number }
/** A quota key's counted uses (caller's clock) and when the newest leaves its window (object's clock). */
type StoredQuota = { times: number[]; expiresAt: number }

/** The Durable Object of one site: bind it as `SITE_STATE` (see wrangler.jsonc). */
export class SiteState {
  readonly #storage: DurableState['storage']
  #now = 0
  // The caller's "now" of the operation under way: set before each synchronous hit.
  readonly #counters = createMemoryRateLimitStore({ clock: () => this.#now })
  #alarmSet = false

  constructor(state: DurableState, _env?: unknown) {
    this.#storage = state.storage
  }

  fetch(request: Request): Promise<Response> {
    return answerCall(request, {
      hit: ({ key, windowMs, now }: { key: string; windowMs: number; now: number }) => {
        this.#now = now
        return this.#counters.hit(key, windowMs)
      },
      quotaTake: (args: { key: string; limit: number; windowMs: number; at: number }) =>
        this.#quotaTake(args),
      quotaGiveBack: (args: { key: string; at: number }) => this.#quotaGiveBack(args),
      claim: (args: { key: string; fingerprint: string; claim: string }) => this.#claim(args),
      get: async ({ key }: { key: string }) =>
        (await this.#live<StoredRecord>(`idem:${key}`))?.record ?? null,
      complete: async (args: { key: string; fingerprint: string; response: StoredResponse }) => {
        const record = { state: 'done' as const, fingerprint: args.fingerprint, response: args.response }
        await this.#put(`idem:${args.key}`, { record, expiresAt: Date.now() + ANSWER_TTL_MS })
      },
      release: async ({ key, claim }: { key: string; claim: string }) => {
        // Only the claim that made the record pending takes it back, never an answer or a later claim.
        const stored = await this.#live<StoredRecord>(`idem:${key}`)
        if (stored?.record.state === 'pending' && stored.claim === claim)
          await this.#storage.delete(`idem:${key}`)
      },
      firstSeen: async ({ id }: { id: string }) => {
        if (await this.#live(`seen:${id}`)) return false
        await this.#put(`seen:${id}`, { expiresAt: Date.now() + WEBHOOK_TTL_MS })
        return true
      },
    })
  }

  /** Deletes what has expired; comes back while anything is left. */
  async alarm(): Promise<void> {
    this.#alarmSet = false
    let left = false
    let startAfter: string | undefined
    for (;;) {
      const page = await this.#storage.list<{ expiresAt: number }>({ startAfter, limit: 500 })
      for (const [key, value] of page) {
        if (value.expiresAt <= Date.now()) await this.#storage.delete(key)
        else left = true
        startAfter = key
      }
      if (page.size < 500) break
    }
    if (left) await this.#arm()
  }

  async #claim({ key, fingerprint, claim }: { key: string; fingerprint: string; claim: string }) {
    const existing = await this.#live<StoredRecord>(`idem:${key}`)
    if (existing) return existing.record
    const record = { state: 'pending' as const, fingerprint }
    await this.#put(`idem:${key}`, { record, claim, expiresAt: Date.now() + PENDING_TTL_MS })
    return null
  }

  async #quotaTake({
    key,
    limit,
    windowMs,
    at,
  }: {
    key: string
    limit: number
    windowMs: number
    at: number
  }) {
    const stored = await this.#live<StoredQuota>(`quota:${key}`)
    const recent = (stored?.times ?? []).filter((time) => time > at - windowMs)
    if (recent.length >= limit) {
      return { allowed: false, at, retryAfterMs: recent[recent.length - limit]! + windowMs - at }
    }
    recent.push(at)
    await this.#put(`quota:${key}`, { times: recent, expiresAt: Date.now() + windowMs })
    return { allowed: true, at, retryAfterMs: 0 }
  }

  async #quotaGiveBack({ key, at }: { key: string; at: number }) {
    const stored = await this.#live<StoredQuota>(`quota:${key}`)
    const index = stored?.times.indexOf(at) ?? -1
    if (!stored || index < 0) return
    stored.times.splice(index, 1)
    if (stored.times.length) await this.#storage.put(`quota:${key}`, stored)
    else await this.#storage.delete(`quota:${key}`)
  }

  /** The value under `key` unless it has expired. */
  async #live<T extends { expiresAt: number }>(key: string): Promise<T | undefined> {
    const value = await this.#storage.get<T>(key)
    return value && value.expiresAt > Date.now() ? value : undefined
  }

  async #put<T extends { expiresAt: number }>(key: string, value: T) {
    await this.#storage.put(key, value)
    await this.#arm()
  }

  /** Makes sure a sweep is scheduled. */
  async #arm() {
    if (this.#alarmSet) return
    if ((await this.#storage.getAlarm()) === null) await this.#storage.setAlarm(Date.now() + SWEEP_MS)
    this.#alarmSet = true
  }
}
