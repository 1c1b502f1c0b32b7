/**
 * A runtime's entry started as a process (`deno run …`, `bun …`) with the suite's variables, in front of the
 * suite's sandbox served on a loopback port: the behaviour suite's target for Deno and Bun.
 */
import { serve } from '@hono/node-server'
import { spawn } from 'node:child_process'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { answerFromSandbox, runtimeVariables, suiteSandbox, type RuntimeTarget } from './target.ts'

export const root = fileURLToPath(new URL('../..', import.meta.url))

/** Resolves with the `url` of the first `listening` line `child` prints; rejects if it exits first or after 60 s. */
export function waitForListening(child: ReturnType<typeof spawn>, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(
      () => reject(new Error(`not listening after ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    )
    const take = (chunk: Buffer) => {
      output += chunk
      const line = output.split('\n').find((text) => text.includes('"msg":"listening"'))
      if (line) {
        clearTimeout(timer)
        resolve(JSON.parse(line).url)
      }
    }
    child.stdout!.on('data', take)
    child.stderr!.on('data', take)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`exited with ${code} before listening:\n${output}`))
    })
  })
}

/**
 * Starts `command` (a binary in node_modules/.bin) with `args` and the suite's variables, `variables` changing
 * them; resolves once it listens.
 */
export async function spawnedTarget(
  command: string,
  args: string[],
  variables: (suite: Record<string, string>) => Record<string, string> = (suite) => suite,
): Promise<RuntimeTarget> {
  const sandbox = suiteSandbox()
  const arrivals: RuntimeTarget['arrivals'] = []
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve(
      { fetch: answerFromSandbox(sandbox, arrivals), port: 0, hostname: '127.0.0.1' },
      () => resolve(started),
    )
  })
  const sandboxUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const child = spawn(`${root}node_modules/.bin/${command}`, args, {
    cwd: root,
    env: {
      ...process.env,
      ...variables(runtimeVariables(sandboxUrl)),
      PORT: '0',
      HOST: '127.0.0.1',
      WIDGET_FILE: 'dist/widget.js',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await exited
    sandbox.close()
    server.close()
    if ('closeAllConnections' in server) server.closeAllConnections()
  }
  let url: string
  try {
    url = await waitForListening(child)
  } catch (error) {
    await stop()
    throw error
  }
  return { fetch: (path, init) => fetch(`${url}${path}`, init), sandbox, arrivals, close: stop }
}
