import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { Hono } from 'hono'
import { sendError, toProxyError } from '../errors.ts'
import { widgetRoutes, type WidgetAsset } from '../routes/widget.ts'
import { readWidgetAsset } from './widget-asset.ts'

const source = `(function(){${'console.log("a widget of some size");'.repeat(200)}})();`
const module = `export const part = ${JSON.stringify('a part of the widget '.repeat(100))}`
const MODULE = 'widget-Ab12_cd-.js'

/** The widget's routes with the app's error answers. */
function widgetApp(asset: () => WidgetAsset | undefined) {
  const app = new Hono().route('/', widgetRoutes(asset))
  app.onError((error, c) => sendError(c, toProxyError(error)))
  return app
}

/** A build on disk (`widget.js` and `widget/<hashed>.js`), read as the Node entry reads it, served. */
function serve() {
  const dir = mkdtempSync(join(tmpdir(), 'widget-'))
  writeFileSync(join(dir, 'widget.js'), source)
  mkdirSync(join(dir, 'widget'))
  writeFileSync(join(dir, 'widget', MODULE), module)
  const asset = readWidgetAsset(join(dir, 'widget.js'))
  assert.ok(asset)
  const app = widgetApp(() => asset)
  return (path: string, headers: Record<string, string> = {}) => app.request(path, { headers })
}

test('the widget goes out precompressed in the best encoding the client accepts, identical once decoded', async () => {
  const get = serve()
  const br = await get('/widget.js', { 'Accept-Encoding': 'gzip, deflate, br' })
  assert.equal(br.headers.get('content-encoding'), 'br')
  assert.equal(br.headers.get('vary'), 'Accept-Encoding')
  const brBody = Buffer.from(await br.arrayBuffer())
  assert.ok(brBody.length < source.length / 10)
  assert.equal(brotliDecompressSync(brBody).toString(), source)

  const gzip = await get('/widget.js', { 'Accept-Encoding': 'gzip, br;q=0' })
  assert.equal(gzip.headers.get('content-encoding'), 'gzip')
  assert.equal(gunzipSync(Buffer.from(await gzip.arrayBuffer())).toString(), source)

  const plain = await get('/widget.js')
  assert.equal(plain.headers.get('content-encoding'), null)
  assert.equal(await plain.text(), source)

  // Each representation has its own validator, and revalidating it gives 304.
  const tags = new Set([br, gzip, plain].map((r) => r.headers.get('etag')))
  assert.equal(tags.size, 3)
  const again = await get('/widget.js', { 'Accept-Encoding': 'br', 'If-None-Match': br.headers.get('etag')! })
  assert.equal(again.status, 304)
  const other = await get('/widget.js', {
    'Accept-Encoding': 'br',
    'If-None-Match': plain.headers.get('etag')!,
  })
  assert.equal(other.status, 200)
  // widget.js keeps its name from build to build: it is cached briefly and revalidated.
  assert.equal(plain.headers.get('cache-control'), 'public, max-age=300, stale-while-revalidate=86400')
})

test('the modules widget.js loads: content-hashed, precompressed, cached for a year, readable from any origin', async () => {
  const get = serve()
  const br = await get(`/widget/${MODULE}`, { 'Accept-Encoding': 'br' })
  assert.equal(br.status, 200)
  assert.equal(br.headers.get('cache-control'), 'public, max-age=31536000, immutable')
  assert.equal(br.headers.get('access-control-allow-origin'), '*')
  assert.equal(br.headers.get('content-type'), 'text/javascript; charset=utf-8')
  assert.equal(br.headers.get('content-encoding'), 'br')
  assert.equal(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString(), module)
  const again = await get(`/widget/${MODULE}`, {
    'Accept-Encoding': 'br',
    'If-None-Match': br.headers.get('etag')!,
  })
  assert.equal(again.status, 304)
  assert.equal(again.headers.get('cache-control'), 'public, max-age=31536000, immutable')
})

test('only the files the build made are served: any other name is a 404, never a path on disk', async () => {
  const get = serve()
  for (const path of [
    '/widget/other.js',
    '/widget/..%2Fwidget.js',
    '/widget/constructor',
    '/widget/__proto__',
  ]) {
    const response = await get(path)
    assert.equal(response.status, 404, path)
  }
  const missing = await widgetApp(() => undefined).request(`/widget/${MODULE}`)
  assert.equal(missing.status, 404)
  assert.match((await missing.json()).error.message, /npm run build/)
})
