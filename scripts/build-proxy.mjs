// `npm run build`, the proxy's half (after vite has built the widget into dist/): every runtime entry in
// proxy/src/entries/ (each `*.ts` but the tests) compiled by esbuild to plain JavaScript in dist/proxy/, one ES
// module per entry and shared code in chunks beside them, so `node dist/proxy/node.js` needs no TypeScript loader.
// Packages stay imports (`dependencies` in package.json, installed with `npm ci --omit=dev`); the project's own
// modules, the contract and its locale files are bundled in. The builder's files are copied to dist/proxy/builder/,
// where the built Node entry looks for them. The Worker entry (worker.ts) is left out: `wrangler deploy` and
// `wrangler dev` bundle it from source with their own esbuild, for workerd, as wrangler.jsonc says.
// `node scripts/build-proxy.mjs [outdir]` builds elsewhere (default dist/proxy).
import { build } from 'esbuild'
import { cpSync, readdirSync, rmSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const entriesDir = join(root, 'proxy/src/entries')
const outdir = process.argv[2] ?? join(root, 'dist/proxy')

/** Entries wrangler bundles itself. */
const LEFT_TO_WRANGLER = new Set(['worker.ts'])

const entryPoints = readdirSync(entriesDir)
  .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts'))
  .filter((name) => !LEFT_TO_WRANGLER.has(name))
  .map((name) => join(entriesDir, name))

rmSync(outdir, { recursive: true, force: true })
await build({
  entryPoints,
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  // Node 20 is the oldest runtime the entries serve; Deno and Bun read the same modules.
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
})
cpSync(join(root, 'proxy/builder'), join(outdir, 'builder'), { recursive: true })
console.log(
  `proxy: ${entryPoints.map((path) => relative(root, path)).join(', ')} → ${relative(root, outdir) || '.'}`,
)
