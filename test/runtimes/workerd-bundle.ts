/**
 * The Worker entry bundled as wrangler bundles it (esbuild, neutral platform, workerd's conditions), and Miniflare
 * as wrangler resolves it, so the tests run the workerd that `wrangler dev` runs. Shared by the workerd adapter of
 * the behaviour suite and the Durable Objects test.
 */
import { build } from 'esbuild'
import { mkdtempSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { RuntimeTarget } from './target.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** Miniflare as wrangler resolves it. */
export async function importMiniflare(): Promise<typeof import('miniflare')> {
  const fromWrangler = createRequire(createRequire(import.meta.url).resolve('wrangler/package.json'))
  return import(pathToFileURL(fromWrangler.resolve('miniflare')).href)
}

/** Bundles `entry` (default the Worker entry) into `worker.js` of a new temporary folder, which it returns. */
export async function bundleWorker(entry = 'proxy/src/entries/worker.ts'): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'workerd-suite-'))
  await build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    outfile: join(dir, 'worker.js'),
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['browser', 'module', 'main'],
    logLevel: 'warning',
  })
  return dir
}

/** An `outboundService` that answers every subrequest of the Worker (its GHL calls) with `answer`. */
export async function outboundTo(answer: (request: Request) => Response | Promise<Response>) {
  const { Response: MiniflareResponse } = await importMiniflare()
  return async (request: import('miniflare').Request) => {
    const body = ['GET', 'HEAD'].includes(request.method) ? undefined : await request.arrayBuffer()
    const response = await answer(
      new Request(request.url, { method: request.method, headers: [...request.headers], body }),
    )
    return new MiniflareResponse(await response.arrayBuffer(), {
      status: response.status,
      headers: [...response.headers],
    })
  }
}

/**
 * A Miniflare answer as `fetch` gives it: the encoding the Worker named is applied on the way out (by Cloudflare,
 * or Miniflare's server under `wrangler dev`); dispatchFetch hands the body over plain and renames the header.
 */
export function asFetchResponse(response: import('miniflare').Response): Response {
  const encoding = response.headers.get('MF-Content-Encoding')
  if (encoding) response.headers.set('Content-Encoding', encoding)
  response.headers.delete('MF-Content-Encoding')
  return response as unknown as Response
}
