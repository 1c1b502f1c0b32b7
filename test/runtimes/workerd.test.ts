// The behaviour suite on workerd: the Worker entry bundled as wrangler bundles it, run by Miniflare (wrangler's own
// copy) with the same variables, the static assets `wrangler dev` would serve, and every GHL call answered by the
// sandbox in this process. No Durable Objects bound: state in the isolate (workerd-durable.test.ts binds them).
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { writeWorkerAssets } from '../../scripts/worker-assets.mjs'
import { behaviourSuite } from './behaviour.ts'
import { answerFromSandbox, runtimeVariables, suiteSandbox, type RuntimeTarget } from './target.ts'
import { asFetchResponse, bundleWorker, importMiniflare, outboundTo } from './workerd-bundle.ts'

behaviourSuite('workerd', async () => {
  const dir = await bundleWorker()
  const assets = join(dir, 'assets')
  writeWorkerAssets(assets)
  const { Miniflare } = await importMiniflare()
  const sandbox = suiteSandbox()
  const arrivals: RuntimeTarget['arrivals'] = []
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
    outboundService: await outboundTo(answerFromSandbox(sandbox, arrivals)),
  })
  await miniflare.ready
  return {
    fetch: async (path, init) =>
      asFetchResponse(await miniflare.dispatchFetch(`http://proxy.test${path}`, init as never)),
    sandbox,
    arrivals,
    close: async () => {
      await miniflare.dispose()
      sandbox.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
})
