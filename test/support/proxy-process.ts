/**
 * The production entry (`node --import tsx proxy/src/entries/node.ts`) as a child process, configured through its
 * environment as an operator would, in front of a GHL sandbox served on a loopback port, at a pinned instant:
 * for tests and benchmarks that need the real process (signals, sockets, exit codes).
 */
import { serve } from '@hono/node-server'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createSandbox, SANDBOX, type Sandbox } from '../../demo/sandbox/index.ts'
import type { SiteInput } from '../../proxy/src/config/sites.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))
/** The clock pin, plain JavaScript: it runs in front of a built entry too. */
export const SHIFTED_CLOCK = new URL('./shifted-clock.mjs', import.meta.url).href

/** A GHL sandbox on a loopback port, with a log of the requests as they arrive (before any latency). */
export interface ServedSandbox {
  sandbox: Sandbox
  url: string
  /** `METHOD path` of every API request, in the order they arrived. */
  arrivals: string[]
  close(): Promise<void>
}

/** Serves a sandbox living at `now` (standing still), with no GHL burst limit in the way. */
export async function serveSandbox(now: number): Promise<ServedSandbox> {
  const sandbox = createSandbox({ now: () => now, burst: { max: 1_000_000, intervalMs: 10_000 } })
  const arrivals: string[] = []
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve(
      {
        fetch: (request: Request) => {
          const { pathname } = new URL(request.url)
          if (!pathname.startsWith('/_sandbox')) arrivals.push(`${request.method} ${pathname}`)
          return sandbox.fetch(request)
        },
        port: 0,
        hostname: '127.0.0.1',
      },
      () => resolve(started),
    )
  })
  const { port } = server.address() as AddressInfo
  return {
    sandbox,
    url: `http://127.0.0.1:${port}`,
    arrivals,
    close: () =>
      new Promise<void>((resolve) => {
        sandbox.close()
        server.close(() => resolve())
        if ('closeAllConnections' in server) server.closeAllConnections()
      }),
  }
}

/** One JSON line of the proxy's log. */
export type LogLine = { msg: string; level?: string } & Record<string, unknown>

/** A running proxy process. */
export interface ProxyProcess {
  url: string
  port: number
  /** The site's id: `site`. */
  site: string
  child: ChildProcess
  /** Every log line so far. */
  lines: LogLine[]
  /** Resolves with the first log line (so far or to come) that `match` accepts; rejects after `timeoutMs`. */
  waitForLine(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** Kills the process if it still runs, and removes its sites file. */
  stop(): Promise<void>
}

/** Options of {@link startProxyProcess}. */
export interface ProxyProcessOptions {
  sandboxUrl: string
  /** The pinned instant the process lives at, epoch ms. */
  now: number
  /** Variables over the defaults (`PORT=0`, `HOST=127.0.0.1`, the sites file, the token, the sandbox). */
  env?: Record<string, string>
  /**
   * Site fields over the defaults (id `site`, every sandbox calendar, origin `https://site.test`, booking quotas
   * high enough for a test's many bookings from one loopback address).
   */
  site?: Partial<SiteInput>
  /** Where the process runs. Default this repository. */
  cwd?: string
  /** Node's arguments. Default the source entry under tsx with the pinned clock (see {@link SHIFTED_CLOCK}). */
  args?: string[]
}

/** The origin the process's site allows. */
export const PROCESS_ORIGIN = 'https://site.test'

/** Starts the entry and resolves once it logs that it listens (rejects if it exits first, or after 60 s). */
export async function startProxyProcess(options: ProxyProcessOptions): Promise<ProxyProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'proxy-process-'))
  const sitesFile = join(dir, 'sites.json')
  const site = {
    id: 'site',
    locationId: SANDBOX.locationId,
    calendars: Object.values(SANDBOX.calendars),
    origins: [PROCESS_ORIGIN],
    bookingQuota: {
      visitor: { limit: 1_000, windowSeconds: 3_600 },
      email: { limit: 1_000, windowSeconds: 3_600 },
    },
    ...options.site,
  }
  writeFileSync(sitesFile, JSON.stringify([site]))
  const child = spawn(
    process.execPath,
    options.args ?? ['--import', 'tsx', '--import', SHIFTED_CLOCK, 'proxy/src/entries/node.ts'],
    {
      cwd: options.cwd ?? root,
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        SITES_FILE: sitesFile,
        GHL_TOKEN: SANDBOX.token,
        GHL_API_BASE: options.sandboxUrl,
        WIDGET_FILE: join(dir, 'no-widget.js'),
        CLOCK_START_MS: String(options.now),
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  const lines: LogLine[] = []
  const waiting = new Set<() => void>()
  let buffered = ''
  child.stdout!.setEncoding('utf8')
  child.stdout!.on('data', (chunk: string) => {
    buffered += chunk
    let end
    while ((end = buffered.indexOf('\n')) >= 0) {
      const text = buffered.slice(0, end)
      buffered = buffered.slice(end + 1)
      try {
        lines.push(JSON.parse(text))
      } catch {
        lines.push({ msg: 'text', text })
      }
    }
    for (const check of waiting) check()
  })
  let stderr = ''
  child.stderr!.setEncoding('utf8')
  child.stderr!.on('data', (chunk: string) => (stderr += chunk))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      for (const check of waiting) check()
      resolve({ code, signal })
    }),
  )

  const waitForLine = (match: (line: LogLine) => boolean, timeoutMs = 60_000) =>
    new Promise<LogLine>((resolve, reject) => {
      const check = () => {
        const found = lines.find(match)
        if (found) return settle(() => resolve(found))
        if (child.exitCode !== null || child.signalCode !== null) {
          settle(() => reject(new Error(`the proxy exited (${child.exitCode}); stderr:\n${stderr}`)))
        }
      }
      const timer = setTimeout(
        () => settle(() => reject(new Error(`no such log line within ${timeoutMs} ms; stderr:\n${stderr}`))),
        timeoutMs,
      )
      const settle = (then: () => void) => {
        clearTimeout(timer)
        waiting.delete(check)
        then()
      }
      waiting.add(check)
      check()
    })

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL')
      await exited
    }
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    const listening = await waitForLine((line) => line.msg === 'listening')
    const url = String(listening.url)
    return { url, port: Number(new URL(url).port), site: site.id, child, lines, waitForLine, exited, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
