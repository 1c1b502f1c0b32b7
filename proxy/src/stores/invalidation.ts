/**
 * Slot invalidation shared between instances. Each instance keeps its own slot cache; when a booking or a webhook
 * changes a calendar on one instance, the others must drop that calendar too. A bus (Redis pub/sub in
 * stores/redis/, a Durable Object on Workers) carries the calendar id; {@link shareInvalidation} puts it between the
 * slot service and the routes, so neither knows whether a bus is there.
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
  /** Tells the other instances that `calendarId` changed. Never throws, never waits. */
  publish(calendarId: string): void
  /** Hears the other instances. Returns a function that stops listening. */
  subscribe(listener: InvalidationListener): () => void
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
  return {
    get: (site, calendarId, query, context) => slots.get(site, calendarId, query, context),
    reply: (site, calendarId, query, context) => slots.reply(site, calendarId, query, context),
    ...(slots.peek && { peek: slots.peek.bind(slots) }),
    invalidate(calendarId) {
      slots.invalidate(calendarId)
      bus.publish(calendarId)
    },
  }
}
