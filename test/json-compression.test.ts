// JSON answers compressed as the client accepts, once per cached body, each encoding with its own ETag and 304.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { routes } from '../contract/schemas.ts'
import { SANDBOX } from '../demo/sandbox/index.ts'
import { compressWithZlib } from '../proxy/src/entries/compress.ts'
import type { Compress } from '../proxy/src/middleware/compression.ts'
import { TEST_NOW } from './support/dates.ts'
import { proxyOnSandbox } from './support/proxy-on-sandbox.ts'

const calendarId = SANDBOX.calendars.consultation

/** The proxy with `compress` (counted), and a month of slots asked with `headers`. */
function setUp(compress?: Compress | null) {
  const calls: string[] = []
  const counted: Compress | null | undefined =
    compress &&
    ((body, encoding) => {
      calls.push(encoding)
      return compress(body, encoding)
    })
  const { proxy, site } = proxyOnSandbox({ now: TEST_NOW, proxy: { compress: counted } })
  const from = new Date(TEST_NOW + 86_400_000).toISOString().slice(0, 10)
  const to = new Date(TEST_NOW + 31 * 86_400_000).toISOString().slice(0, 10)
  const url = `${routes.slots(site.id, calendarId)}?${new URLSearchParams({ from, to, timeZone: 'UTC' })}`
  const get = (headers: Record<string, string> = {}, path = url) => proxy.app.request(path, { headers })
  return { get, calls, site }
}

const bytes = async (response: Response) => Buffer.from(await response.arrayBuffer())

test('a month of slots goes out in brotli, compressed once, with its own ETag that revalidates to a 304', async () => {
  const { get, calls } = setUp(compressWithZlib)
  const plain = await get()
  assert.equal(plain.headers.get('content-encoding'), null)
  assert.match(plain.headers.get('vary') ?? '', /Accept-Encoding/)
  const text = await plain.text()

  const br = await get({ 'Accept-Encoding': 'gzip, deflate, br' })
  assert.equal(br.status, 200)
  assert.equal(br.headers.get('content-encoding'), 'br')
  assert.match(br.headers.get('vary') ?? '', /Accept-Encoding/)
  assert.equal(br.headers.get('etag'), `${plain.headers.get('etag')!.slice(0, -1)}-br"`)
  const body = await bytes(br)
  assert.ok(body.length < text.length / 4, `${body.length} bytes of brotli for ${text.length} of JSON`)
  assert.equal(brotliDecompressSync(body).toString(), text)

  // The second read is served from what was compressed the first time.
  const again = await get({ 'Accept-Encoding': 'gzip, deflate, br' })
  assert.deepEqual(await bytes(again), body)
  assert.deepEqual(calls, ['br'])

  const revalidated = await get({ 'Accept-Encoding': 'br', 'If-None-Match': br.headers.get('etag')! })
  assert.equal(revalidated.status, 304)
  assert.equal(revalidated.headers.get('etag'), br.headers.get('etag'))
  assert.equal(await revalidated.text(), '')
  // The plain representation's validator still gives its 304; the brotli one's does not match the plain body.
  assert.equal((await get({ 'If-None-Match': plain.headers.get('etag')! })).status, 304)
  const other = await get({ 'If-None-Match': br.headers.get('etag')! })
  assert.equal(other.status, 200)
  assert.equal(await other.text(), text)
})

test('gzip for a client without brotli, or on a runtime without it, labelled as what it is every time', async () => {
  const noBrotli: Compress = (body, encoding) =>
    encoding === 'br' ? undefined : compressWithZlib(body, encoding)
  for (const [compress, accept] of [
    [compressWithZlib, 'gzip, br;q=0'],
    [noBrotli, 'br, gzip'],
  ] as const) {
    const { get } = setUp(compress)
    const text = await (await get()).text()
    for (let i = 0; i < 2; i++) {
      const response = await get({ 'Accept-Encoding': accept })
      assert.equal(response.headers.get('content-encoding'), 'gzip', `${accept}, read ${i + 1}`)
      assert.match(response.headers.get('etag')!, /-gzip"$/)
      assert.equal(gunzipSync(await bytes(response)).toString(), text)
    }
  }
})

test("by default, gzip through the Web's CompressionStream; null leaves every answer as it is", async () => {
  const portable = setUp()
  const text = await (await portable.get()).text()
  const gzip = await portable.get({ 'Accept-Encoding': 'br, gzip' })
  assert.equal(gzip.headers.get('content-encoding'), 'gzip')
  assert.equal(gunzipSync(await bytes(gzip)).toString(), text)

  const off = setUp(null)
  const plain = await off.get({ 'Accept-Encoding': 'br, gzip' })
  assert.equal(plain.headers.get('content-encoding'), null)
  assert.equal(await plain.text(), text)
})

test('small answers and errors go out as they are', async () => {
  const { get, calls, site } = setUp(compressWithZlib)
  const error = await get({ 'Accept-Encoding': 'br' }, `${routes.slots(site.id, calendarId)}?from=nonsense`)
  assert.equal(error.status, 400)
  assert.equal(error.headers.get('content-encoding'), null)
  assert.equal((await error.json()).error.code, 'invalid_request')
  const calendar = await get({ 'Accept-Encoding': 'br' }, routes.calendar(site.id, calendarId))
  assert.equal(calendar.status, 200)
  assert.equal(calendar.headers.get('content-encoding'), null)
  assert.ok((await calendar.json()).durationMinutes)
  assert.deepEqual(calls, [])
})
