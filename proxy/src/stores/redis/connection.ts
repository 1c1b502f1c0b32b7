/**
 * The Redis connection the shared stores use, and whether Redis can be counted on right now. No command ever waits
 * for a dead Redis: commands are refused at once while the connection is down (no offline queue) and time out after
 * `commandTimeoutMs` on a Redis that stopped answering; either marks Redis down, so the stores answer from their
 * fallbacks without trying, until the connection is ready again or a probe answers. Each change of state is
 * logged once, never per request. ioredis reconnects by itself.
 */
import { Redis } from 'ioredis'
import { describeError, type Logger } from '../../logger.ts'
import type { Clock } from '../../types.ts'
import { SCRIPTS, type ScriptCommands } from './scripts.ts'

/** A client with the stores' scripts as methods. */
export type RedisClient = Redis & ScriptCommands

/** Options of {@link createRedisConnection}. */
export interface RedisConnectionOptions {
  /** `redis://[user:password@]host[:port][/db]`, `rediss://...` (TLS) or the path of a unix socket. Required. */
  url: string
  /** Longest wait for one command, ms. Default 1 000. */
  commandTimeoutMs?: number
  /** Longest wait for a connection, ms. Default 2 000. */
  connectTimeoutMs?: number
  /** Longest pause between reconnection attempts, ms. Default 1 000. */
  maxReconnectDelayMs?: number
  /** Shown in Redis's CLIENT LIST. Default `ghl-booking`. */
  name?: string
  /** State changes (`redis.ready`, `redis.unavailable`, `redis.recovered`); never the URL. Default nothing. */
  log?: Logger
  /** For how long Redis was down, in the log. Default `Date.now`. */
  clock?: Clock
}

/** Thrown instead of sending a command while Redis is down. */
export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError'
}

/** A connection, its state, and commands that keep that state true. */
export interface RedisConnection {
  client: RedisClient
  /** Whether commands are sent: connected, and the last command (or probe) answered. */
  readonly up: boolean
  /**
   * Runs a command. Rejects at once with {@link RedisUnavailableError} while down; a command that fails for want of
   * Redis (closed, timed out) marks it down and rejects; a refusal by Redis itself (a reply error) does not.
   */
  run<T>(command: (client: RedisClient) => Promise<T>): Promise<T>
  /** Calls `listener` each time Redis is up again after being down. Returns a function that stops it. */
  onRecover(listener: () => void): () => void
  /** Resolves true once up, false if not within `timeoutMs`. */
  ready(timeoutMs: number): Promise<boolean>
  /** Closes the connection (no reconnection). */
  close(): Promise<void>
}

/** The ioredis options every connection of the stores shares. */
export function clientOptions(options: RedisConnectionOptions) {
  return {
    connectionName: options.name ?? 'ghl-booking',
    commandTimeout: options.commandTimeoutMs ?? 1_000,
    connectTimeout: options.connectTimeoutMs ?? 2_000,
    // Commands fail at once while disconnected instead of queueing behind a reconnection.
    enableOfflineQueue: false,
    // A command cut off by a lost connection is not sent again later: its caller has already been answered.
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    retryStrategy: (times: number) => Math.min(times * 100, options.maxReconnectDelayMs ?? 1_000),
    scripts: SCRIPTS,
  }
}

const PROBE_MS = 1_000

/** Opens a connection (in the background: `up` turns true once Redis answers). */
export function createRedisConnection(options: RedisConnectionOptions): RedisConnection {
  const log = options.log ?? (() => {})
  const clock = options.clock ?? Date.now
  const client = new Redis(options.url, clientOptions(options)) as RedisClient
  let state: 'connecting' | 'up' | 'down' = 'connecting'
  let downSince = 0
  let probe: ReturnType<typeof setInterval> | undefined
  let closed = false
  const listeners = new Set<() => void>()

  function markUp() {
    if (state === 'up' || closed) return
    const was = state
    state = 'up'
    stopProbe()
    if (was === 'connecting') log({ level: 'info', msg: 'redis.ready' })
    else {
      log({ level: 'info', msg: 'redis.recovered', downMs: clock() - downSince })
      for (const listener of listeners) listener()
    }
  }

  function markDown(reason: string, error?: unknown) {
    if (state === 'down' || closed) return
    state = 'down'
    downSince = clock()
    log({ level: 'warn', msg: 'redis.unavailable', reason, ...(error !== undefined && describeError(error)) })
    // Connected but not answering (a stalled server): only a command can tell when it answers again.
    if (client.status === 'ready') startProbe()
  }

  function startProbe() {
    stopProbe()
    probe = setInterval(() => {
      if (client.status !== 'ready') return stopProbe()
      client.ping().then(markUp, () => {})
    }, PROBE_MS)
    probe.unref?.()
  }

  function stopProbe() {
    if (probe) clearInterval(probe)
    probe = undefined
  }

  client.on('ready', markUp)
  client.on('close', () => markDown('connection closed'))
  // Without a listener an error event would end the process; the state change is what gets logged.
  client.on('error', (error: unknown) => markDown('connection failed', error))

  return {
    client,
    get up() {
      return state === 'up' && client.status === 'ready'
    },
    async run(command) {
      if (!(state === 'up' && client.status === 'ready'))
        throw new RedisUnavailableError('Redis is unavailable')
      try {
        return await command(client)
      } catch (error) {
        if ((error as Error)?.name !== 'ReplyError') markDown('command failed', error)
        throw error
      }
    },
    onRecover(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async ready(timeoutMs) {
      if (state === 'up') return true
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          client.off('ready', onReady)
          resolve(state === 'up')
        }, timeoutMs)
        const onReady = () => {
          clearTimeout(timer)
          resolve(true)
        }
        client.once('ready', onReady)
      })
    },
    async close() {
      closed = true
      stopProbe()
      listeners.clear()
      client.disconnect()
    },
  }
}
