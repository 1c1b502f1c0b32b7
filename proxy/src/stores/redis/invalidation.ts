/**
 * The slot invalidation bus on Redis pub/sub: one channel, messages `<instance> <calendarId>`; an instance ignores
 * its own. Pub/sub drops what is published while a subscriber is disconnected, so a subscriber that connects again
 * first subscribes, then drops its whole slot cache (it may have missed anything). A publish that fails is made up
 * for when Redis answers again: the instance then tells the others to drop everything (`*`).
 */
import type { Redis } from 'ioredis'
import type { InvalidationBus, InvalidationListener } from '../invalidation.ts'
import type { RedisConnection } from './connection.ts'

/** Options of {@link createRedisInvalidation}. */
export interface RedisInvalidationOptions {
  /** Publishes; its client is duplicated for the subscription (pub/sub needs a connection of its own). */
  connection: RedisConnection
  /** Put before the channel's name. Default `ghl-booking:`. */
  prefix?: string
}

/** The bus, and what closes its subscription. */
export interface RedisInvalidation extends InvalidationBus {
  /** Resolves true once the first subscription is in place, false if not within `timeoutMs`. */
  subscribed(timeoutMs: number): Promise<boolean>
  close(): Promise<void>
}

const EVERYTHING = '*'

/** Builds an {@link InvalidationBus} on Redis pub/sub. */
export function createRedisInvalidation(options: RedisInvalidationOptions): RedisInvalidation {
  const { connection, prefix = 'ghl-booking:' } = options
  const channel = `${prefix}invalidate`
  const instance = crypto.randomUUID()
  const listeners = new Set<InvalidationListener>()
  // Subscribed again by hand on each connection, so the cache is dropped only once the subscription is in place.
  const subscriber: Redis = connection.client.duplicate({ autoResubscribe: false })
  let connections = 0
  let markSubscribed!: () => void
  const firstSubscription = new Promise<void>((resolve) => (markSubscribed = resolve))
  let missed = false
  let closed = false

  subscriber.on('error', () => {}) // the publishing connection logs Redis's state
  subscriber.on('ready', () => {
    subscriber.subscribe(channel).then(
      () => {
        markSubscribed()
        if (connections++ > 0) for (const listener of listeners) listener.invalidateAll()
      },
      // The connection went again; its next 'ready' subscribes.
      () => {},
    )
  })
  subscriber.on('message', (_channel: string, message: string) => {
    const space = message.indexOf(' ')
    if (space < 0 || message.slice(0, space) === instance) return
    const calendarId = message.slice(space + 1)
    for (const listener of listeners) {
      if (calendarId === EVERYTHING) listener.invalidateAll()
      else listener.invalidate(calendarId)
    }
  })

  const publish = (calendarId: string) => {
    connection
      .run((client) => client.publish(channel, `${instance} ${calendarId}`))
      .catch(() => (missed = true))
  }
  connection.onRecover(() => {
    if (!missed || closed) return
    missed = false
    publish(EVERYTHING)
  })

  return {
    publish(calendarId) {
      if (!connection.up) missed = true
      else publish(calendarId)
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    subscribed(timeoutMs) {
      let timer: ReturnType<typeof setTimeout> | undefined
      const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)))
      return Promise.race([firstSubscription.then(() => true), late]).finally(() => clearTimeout(timer))
    },
    async close() {
      closed = true
      listeners.clear()
      subscriber.disconnect()
    },
  }
}
