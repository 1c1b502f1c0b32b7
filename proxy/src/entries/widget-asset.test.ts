import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { Hono } from 'hono'
import { widgetHandler } from '../routes/widget.ts'
import { readWidgetAsset } from './widget-asset.ts'

const source = `(function(){${'console.log("a widget of some size");'.repeat(200)}})();`

function serve() {
  const file = join(mkdtempSync(join(tmpdir(), 'widget-')), 'widget.js')
  writeFileSync(file, source)
  const asset = readWidgetAsset(file)
  assert.ok(asset)
  const app = new Hono().get(
    '/widget.js',
    widgetHandler(() => asset),
  )
  return (headers: Record<string, string> = {}) => app.request('/widget.js', { headers })
}

test('the widget goes out precompressed in the best encoding the client accepts, identical once decoded', async () => {
  const get = serve()
  const br = await get({ 'Accept-Encoding': 'gzip, deflate, br' })
  assert.equal(br.headers.get('content-encoding'), 'br')
  assert.equal(br.headers.get('vary'), 'Accept-Encoding')
  const brBody = Buffer.from(await br.arrayBuffer())
  assert.ok(brBody.length < source.length / 10)
  assert.equal(brotliDecompressSync(brBody).toString(), source)

  const gzip = await get({ 'Accept-Encoding': 'gzip, br;q=0' })
  assert.equal(gzip.headers.get('content-encoding'), 'gzip')
  assert.equal(gunzipSync(Buffer.from(await gzip.arrayBuffer())).toString(), source)

  const plain = await get()
  assert.equal(plain.headers.get('content-encoding'), null)
  assert.equal(await plain.text(), source)

  // Each representation has its own validator, and revalidating it gives 304.
  const tags = new Set([br, gzip, plain].map((r) => r.headers.get('etag')))
  assert.equal(tags.size, 3)
  const again = await get({ 'Accept-Encoding': 'br', 'If-None-Match': br.headers.get('etag')! })
  assert.equal(again.status, 304)
  const other = await get({ 'Accept-Encoding': 'br', 'If-None-Match': plain.headers.get('etag')! })
  assert.equal(other.status, 200)
})
