/**
 * The names of a calendar's team members, for the widget's header: GHL's `GET /users/{id}`, cached (names change
 * rarely) and bounded by bytes. A name only decorates the header, so nothing here fails a calendar: a user GHL
 * cannot give is asked again after a while, and a slow answer is not waited for past `waitMs` (the next visitor
 * gets it). A token without `users.readonly` (GHL's 401, or a 403) is remembered per location and not asked again
 * for `refusedMs`, and said once in the log.
 */
import { LRUCache } from 'lru-cache'
import { oneLine } from '../../../../contract/schemas.ts'
import { createBoundedMemo } from '../../cache/bounded-memo.ts'
import { LRU_ENTRY_BYTES, objectBytes, stringBytes } from '../../cache/sizes.ts'
import { GhlError, type GhlClient } from '../../ghl/types.ts'
import type { Logger } from '../../logger.ts'
import type { Clock } from '../../types.ts'

/** Longest name shown; a longer one is not a person's name as GHL's users have them, and is not shown. */
export const MAX_NAME_LENGTH = 80

/** Options of {@link createUserNames}. */
export interface UserNamesOptions {
  ghl: GhlClient
  /** How long a name is fresh, in ms; past it the name is still served while GHL is asked again. Default 1 hour. */
  ttlMs?: number
  /** How long a name GHL could not give (5xx, timeout) stays unknown before GHL is asked again, in ms. Default 1 minute. */
  retryMs?: number
  /** How long a location whose token may not read users is not asked for any, in ms. Default 1 hour. */
  refusedMs?: number
  /** Longest a caller waits for names not held yet, in ms; then it goes without them. Default 1 000. */
  waitMs?: number
  /**
   * Most bytes of names held (see cache/sizes.ts). Keys are the members of the sites file's calendars, so only
   * the configuration fills it. Default 256 KiB.
   */
  maxBytes?: number
  /** Receives one warning per location whose token may not read users. Default nothing. */
  log?: Logger
  /** Default `Date.now`. */
  clock?: Clock
}

/** See {@link createUserNames}. */
export interface UserNames {
  /**
   * The names of `userIds` in the location, in their order; undefined unless every one is known (GHL refused,
   * failed, was slow or has no name for one). Never rejects.
   */
  namesOf(locationId: string, userIds: readonly string[]): Promise<string[] | undefined>
}

/** A held name; '' for a user GHL gave no usable name for. */
interface Held {
  name: string
}

interface Ask {
  locationId: string
  userId: string
}

const isRefusal = (error: unknown) =>
  error instanceof GhlError && error.kind === 'rejected' && (error.status === 401 || error.status === 403)

/** A name fit to show: one line, trimmed, not too long; else ''. */
function shownName(name: string): string {
  const text = oneLine(name).replace(/\s+/g, ' ').trim()
  return text.length <= MAX_NAME_LENGTH ? text : ''
}

/** `promise`'s value, or undefined when it has not settled within `ms`. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  // Set at once: a promise's executor runs synchronously.
  let timer!: ReturnType<typeof setTimeout>
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, ms, undefined)))
  return Promise.race([promise, late]).finally(() => clearTimeout(timer))
}

/** Builds the cached name lookups. */
export function createUserNames(options: UserNamesOptions): UserNames {
  const { ghl } = options
  const clock = options.clock ?? Date.now
  const ttlMs = options.ttlMs ?? 3_600_000
  const retryMs = options.retryMs ?? 60_000
  const waitMs = options.waitMs ?? 1_000
  const maxBytes = options.maxBytes ?? 256 * 1024
  const log = options.log ?? (() => {})
  const timing = { ttlResolution: 0, perf: { now: clock } }
  const refused = new LRUCache<string, true>({
    max: 1_000,
    maxSize: Math.ceil(maxBytes / 8),
    sizeCalculation: (_value, key) => stringBytes(key) + LRU_ENTRY_BYTES,
    ttl: options.refusedMs ?? 3_600_000,
    ...timing,
  })
  // Said once per location for the life of the process (the memo forgets all at once only when full).
  const told = createBoundedMemo<boolean>({ maxBytes: 64 * 1024 })

  const names = new LRUCache<string, Held, Ask>({
    max: 4_096,
    maxSize: maxBytes,
    sizeCalculation: (held, key) =>
      stringBytes(key) + stringBytes(held.name) + objectBytes(1) + LRU_ENTRY_BYTES,
    ttl: ttlMs,
    ...timing,
    // A name past its time is served at once while GHL is asked again.
    allowStale: true,
    noDeleteOnStaleGet: true,
    fetchMethod: async (_key, stale, { options: entry, context: { locationId, userId } }) => {
      try {
        return { name: shownName((await ghl.getUser(locationId, userId)).name) }
      } catch (error) {
        if (isRefusal(error)) {
          refused.set(locationId, true)
          if (told.get(locationId) === undefined) {
            told.set(locationId, true)
            const status = (error as GhlError).status
            log({
              level: 'warn',
              msg: 'calendar.user_names_refused',
              locationId,
              status,
              fix: 'Give the token the users.readonly scope to show team members’ names in the widget; until then it shows none.',
            })
          }
        }
        // GHL's verdict on this user (refused, unknown) holds as long as a name would; a failure is asked again sooner.
        entry.ttl = error instanceof GhlError && error.kind === 'rejected' ? ttlMs : retryMs
        return stale ?? { name: '' }
      }
    },
  })

  return {
    async namesOf(locationId, userIds) {
      if (userIds.length === 0 || refused.has(locationId)) return undefined
      const keys = userIds.map((userId) => `${locationId}|${userId}`)
      // Held names (fresh, or past their time and reloading) answer at once: only a first load is raced with a timer.
      const cold = keys.some((key) => names.peek(key, { allowStale: true }) === undefined)
      const loads = Promise.all(
        keys.map((key, i) =>
          names.fetch(key, { context: { locationId, userId: userIds[i]! } }).catch(() => undefined),
        ),
      )
      const held = cold ? await within(loads, waitMs) : await loads
      if (!held || held.some((entry) => !entry?.name)) return undefined
      return held.map((entry) => entry!.name)
    },
  }
}
