// The behaviour suite on workerd: the Worker entry bundled as wrangler bundles it (esbuild, neutral platform,
// workerd's conditions), run by Miniflare (wrangler's own copy) with the same variables, the static assets
// `wrangler dev` would serve, and every GHL call answered by the sandbox in this process.
import { build } from 'esbuild'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { writeWorkerAssets } from '../../scripts/worker-assets.mjs'
import { behaviourSuite } from './behaviour.ts'
import { answerFromSandbox, runtimeVariables, suiteSandbox, type RuntimeTarget } from './target.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** Miniflare as wrangler resolves it, so the suite runs the workerd that `wrangler dev` runs. */
async function importMiniflare(): Promise<typeof import('miniflare')> {
  const fromWrangler = createRequire(createRequire(import.meta.url).resolve('wrangler/package.json'))
  return import(pathToFileURL(fromWrangler.resolve('miniflare')).href)
}

behaviourSuite('workerd', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'workerd-suite-'))
  await build({
    absWorkingDir: root,
    entryPoints: ['proxy/src/entries/worker.ts'],
    bundle: true,
    outfile: join(dir, 'worker.js'),
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['browser', 'module', 'main'],
    logLevel: 'warning',
  })
  const assets = join(dir, 'assets')
  writeWorkerAssets(assets)
  const { Miniflare, Response: MiniflareResponse } = await importMiniflare()
  const sandbox = suiteSandbox()
  const arrivals: RuntimeTarget['arrivals'] = []
  const answer = answerFromSandbox(sandbox, arrivals)
  const miniflare = new Miniflare({
    modules: true,
    scriptPath: join(dir, 'worker.js'),
    modulesRoot: dir,
    compatibilityDate: '2026-04-26',
    bindings: runtimeVariables('http://sandbox.test'),
    assets: {
      directory: assets,
      binding: 'ASSETS',
      routerConfig: { has_user_worker: true, invoke_user_worker_ahead_of_assets: true },
    },
    // Every subrequest of the Worker (its GHL calls) is answered here.
    outboundService: async (request) => {
      const body = ['GET', 'HEAD'].includes(request.method) ? undefined : await request.arrayBuffer()
      const response = await answer(
        new Request(request.url, { method: request.method, headers: [...request.headers], body }),
      )
      return new MiniflareResponse(await response.arrayBuffer(), {
        status: response.status,
        headers: [...response.headers],
      })
    },
  })
  await miniflare.ready
  return {
    fetch: async (path, init) => {
      const response = await miniflare.dispatchFetch(`http://proxy.test${path}`, init as never)
      // The encoding the Worker named is applied on the way out (by Cloudflare, or by Miniflare's server under
      // `wrangler dev`); dispatchFetch hands the body over plain and renames the header, which goes back here.
      const encoding = response.headers.get('MF-Content-Encoding')
      if (encoding) response.headers.set('Content-Encoding', encoding)
      response.headers.delete('MF-Content-Encoding')
      return response as unknown as Response
    },
    sandbox,
    arrivals,
    close: async () => {
      await miniflare.dispose()
      sandbox.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
})
