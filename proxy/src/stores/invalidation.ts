/**
 * Slot invalidation shared between instances. Each instance keeps its own slot cache; when a booking or a webhook
 * changes a calendar on one instance, the others must drop that calendar too. A bus (Redis pub/sub in
 * stores/redis/, versions kept by Durable Objects on Workers) carries the calendar id; {@link shareInvalidation}
 * puts it between the slot service and the routes, so neither knows whether a bus is there.
 */
import type { SlotReplies } from '../types.ts'

/** What an instance does when slots change on another one. */
export interface InvalidationListener {
  /** Another instance changed `calendarId` (a booking, a webhook): drop its slots. */
  invalidate(calendarId: string): void
  /** Messages may have been missed (the bus was away): drop every calendar's slots. */
  invalidateAll(): void
}

/** Tells every other instance which calendar's cached slots to drop. */
export interface InvalidationBus {
  /**
   * Tells the other instances that `calendarId` changed. Never throws. A bus that can push returns at once; one
   * the others read (Durable Objects) resolves once they can read it, and the change's answer waits for it.
   */
  publish(calendarId: string): void | Promise<void>
  /** Hears the other instances. Returns a function that stops listening. */
  subscribe(listener: InvalidationListener): () => void
  /**
   * A bus that cannot push: whether `calendarId` must be {@link check}ed before its cached slots are served.
   * Absent on a bus that pushes.
   */
  due?(calendarId: string): boolean
  /** Hears the other instances about `calendarId` (its listeners drop it if it changed). Never throws. */
  check?(calendarId: string): Promise<void>
}

/**
 * The slot service with its invalidations shared over `bus`: `invalidate` drops the calendar here and tells the
 * others; theirs drop it here. `calendarIds` are every calendar the sites list, what "drop everything" drops.
 */
export function shareInvalidation(
  slots: SlotReplies,
  bus: InvalidationBus,
  calendarIds: Iterable<string>,
): SlotReplies {
  const all = [...new Set(calendarIds)]
  bus.subscribe({
    invalidate: (calendarId) => slots.invalidate(calendarId),
    invalidateAll: () => all.forEach((calendarId) => slots.invalidate(calendarId)),
  })
  /** Hears the others first where the bus must be asked. */
  const heard = async (calendarId: string) => {
    if (bus.due?.(calendarId)) await bus.check?.(calendarId)
  }
  return {
    get: async (site, calendarId, query, context) => {
      await heard(calendarId)
      return slots.get(site, calendarId, query, context)
    },
    reply: async (site, calendarId, query, context) => {
      await heard(calendarId)
      return slots.reply(site, calendarId, query, context)
    },
    // Nothing without waiting while the bus must be asked first: the read goes through `reply`.
    ...(slots.peek && {
      peek: (site, calendarId, query) =>
        bus.due?.(calendarId) ? undefined : slots.peek!(site, calendarId, query),
    }),
    invalidate(calendarId) {
      slots.invalidate(calendarId)
      return bus.publish(calendarId)
    },
  }
}
