// The proxy's core as an edge runtime gets it: `createApp` and `buildProxy` with everything they import, bundled by
// esbuild for a neutral platform with workerd's conditions (as wrangler bundles a Worker). Nothing in it may need
// Node: no `node:` import, no `process` or `Buffer`. The type check against @cloudflare/workers-types without
// Node's types (`tsconfig.workers.json`, a step of `npm test`) says the same of the types.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))

/**
 * lru-cache looks for `process.emitWarning` behind a typeof check and warns through `console` without it: a check
 * that runs anywhere, and the only mention of a Node global the bundle may hold.
 */
const FEATURE_CHECK = /typeof (process|Buffer) ?[!=]==? ?"object" ?&& ?\1 ?\? ?\1 ?: ?\{\}/g
/** A global `process` or `Buffer`: not a property (`x.process`), not part of a longer name. */
const NODE_GLOBAL = /(?<![\w$.])(process|Buffer)(?![\w$])(?! ?:)/g

test('createApp and buildProxy bundle for workerd without Node: no node: import, no process or Buffer', async () => {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['proxy/src/app.ts', 'proxy/src/proxy.ts'],
    bundle: true,
    write: false,
    outdir: 'out',
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['browser', 'module', 'main'],
    // Left out of the bundle, so an import of one shows up below by name instead of failing the build.
    external: ['node:*'],
    metafile: true,
    logLevel: 'silent',
  })
  assert.equal(result.outputFiles.length, 2)
  for (const output of result.outputFiles) {
    const imports = result.metafile.outputs[output.path.slice(root.length)]?.imports ?? []
    assert.deepEqual(
      imports.map((entry) => entry.path),
      [],
      `${output.path} imports something from outside the bundle`,
    )
    const globals = output.text.replace(FEATURE_CHECK, '').match(NODE_GLOBAL) ?? []
    assert.deepEqual(globals, [], `${output.path} refers to Node's globals`)
  }
  // The browser build of lru-cache, which has no `node:` import, not its Node build.
  const inputs = Object.keys(result.metafile.inputs)
  assert.ok(
    inputs.some((path) => path.includes('node_modules/lru-cache/dist/esm/browser/')),
    inputs.filter((path) => path.includes('lru-cache')).join(', '),
  )
})
