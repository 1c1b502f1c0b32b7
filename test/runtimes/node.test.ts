// The behaviour suite on Node: the app as `npm start` builds it from the same variables, called in this process.
import { fileURLToPath } from 'node:url'
import { loadConfig } from '../../proxy/src/config/environment.ts'
import { proxyOptionsFromConfig } from '../../proxy/src/config/proxy-options.ts'
import { readWidgetAsset } from '../../proxy/src/entries/widget-asset.ts'
import { buildProxy } from '../../proxy/src/proxy.ts'
import { behaviourSuite } from './behaviour.ts'
import { answerFromSandbox, runtimeVariables, suiteSandbox, type RuntimeTarget } from './target.ts'

behaviourSuite('node', async () => {
  const sandbox = suiteSandbox()
  const arrivals: RuntimeTarget['arrivals'] = []
  const answer = answerFromSandbox(sandbox, arrivals)
  const config = loadConfig(runtimeVariables('http://sandbox.test'), () => '')
  const widget = readWidgetAsset(fileURLToPath(new URL('../../dist/widget.js', import.meta.url)))
  const { app } = buildProxy({
    ...proxyOptionsFromConfig(config),
    fetch: async (input, init) => answer(new Request(input, init)),
    widget: () => widget,
  })
  return {
    fetch: async (path, init) => app.request(path, init),
    sandbox,
    arrivals,
    close: async () => sandbox.close(),
  }
})
