/**
 * A real `redis-server` for a test: started on a unix socket in a temp dir with nothing written to disk
 * (`--save '' --appendonly no`), stopped by its pid, and restartable on the same socket (empty again, as a Redis
 * without persistence comes back). No mock: the stores are tested against the engine they run on. When
 * redis-server cannot be run, the tests that need it skip with what to install (pass {@link needsRedis} as their
 * options); `npm test` and `.ci/run` install it first (scripts/ensure-redis.sh) and fail when they cannot, so a
 * missing server never passes unnoticed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** The executable: `REDIS_SERVER`, or `redis-server` on the PATH (Debian's package puts it in /usr/bin). */
const EXECUTABLE = process.env.REDIS_SERVER || 'redis-server'

/** A running (or stopped) test Redis. */
export interface TestRedis {
  /** The socket path, which is also a valid `REDIS_URL`. */
  url: string
  /** Whether the server runs now. */
  readonly running: boolean
  /** Stops the server (SIGTERM, then SIGKILL after 5 s); resolves once it exited. */
  stop(): Promise<void>
  /** Starts it again on the same socket, empty. */
  start(): Promise<void>
  /** Stalls the server (SIGSTOP): connections stay open, nothing is answered. */
  pause(): void
  /** Lets a stalled server go on (SIGCONT). */
  resume(): void
  /** Stops it and removes its directory. */
  close(): Promise<void>
}

/** Why redis-server cannot be run and what to install, or undefined when it can. */
export function missingRedisServer(): string | undefined {
  const probe = spawnSync(EXECUTABLE, ['--version'], { encoding: 'utf8' })
  if (!probe.error && probe.status === 0) return undefined
  return (
    `needs redis-server, and "${EXECUTABLE}" cannot be run (${probe.error?.message ?? probe.stderr.trim()}); ` +
    'install it with `bash scripts/ensure-redis.sh` (Debian: `apt-get install -y redis-server`) or set ' +
    'REDIS_SERVER to its path'
  )
}

/** Test options that skip a test with {@link missingRedisServer}'s message when there is no redis-server. */
export const needsRedis = { skip: missingRedisServer() ?? false }

/** Throws {@link missingRedisServer}'s message when redis-server cannot be run. */
export function requireRedisServer(): void {
  const missing = missingRedisServer()
  if (missing) throw new Error(`These tests ${missing}.`)
}

/** Starts a private redis-server; resolves once it accepts connections (rejects after 20 s). */
export async function startRedis(): Promise<TestRedis> {
  requireRedisServer()
  const dir = mkdtempSync(join(tmpdir(), 'redis-'))
  const socket = join(dir, 'redis.sock')
  let child: ChildProcess | undefined
  let exited: Promise<void> = Promise.resolve()

  async function start() {
    if (child) return
    const started = spawn(
      EXECUTABLE,
      [
        '--port',
        '0',
        '--unixsocket',
        socket,
        '--unixsocketperm',
        '700',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'no',
        '--loglevel',
        'warning',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    child = started
    exited = new Promise((resolve) => started.once('exit', () => resolve()))
    started.once('exit', () => {
      if (child === started) child = undefined
    })
    let output = ''
    started.stdout!.on('data', (chunk) => (output += chunk))
    started.stderr!.on('data', (chunk) => (output += chunk))
    await waitForSocket(socket, started, () => output)
  }

  async function stop() {
    const running = child
    if (!running) return
    running.kill('SIGCONT')
    running.kill('SIGTERM')
    const timer = setTimeout(() => running.kill('SIGKILL'), 5_000)
    await exited
    clearTimeout(timer)
  }

  await start()
  return {
    url: socket,
    get running() {
      return child !== undefined
    },
    stop,
    start,
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
    async close() {
      await stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Resolves once `redis-cli`-free probing finds the server answering PING on the socket. */
async function waitForSocket(socket: string, child: ChildProcess, output: () => string): Promise<void> {
  const { createConnection } = await import('node:net')
  const deadline = performance.now() + 20_000
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited at start:\n${output()}`)
    const answered = await new Promise<boolean>((resolve) => {
      const connection = createConnection(socket)
      connection.once('error', () => resolve(false))
      connection.once('data', (data) => {
        connection.destroy()
        resolve(String(data).startsWith('+PONG'))
      })
      connection.once('connect', () => connection.write('PING\r\n'))
    })
    if (answered) return
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  child.kill('SIGKILL')
  throw new Error(`redis-server did not answer within 20 s:\n${output()}`)
}

/** Resolves once `check` holds, looking every 10 ms; rejects with `what` after `timeoutMs` (default 10 s). */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  for (let waited = 0; !(await check()); waited += 10) {
    if (waited >= timeoutMs) throw new Error(`Still waiting after ${timeoutMs} ms: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
