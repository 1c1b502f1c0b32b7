// GET /widget/locales/:lang.json: the widget's catalogs with caching and CORS headers, and nothing else.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { Hono } from 'hono'
import { createFakeProxy } from '../../../test/support/fake-proxy.ts'
import { localesHandler, WIDGET_LOCALES } from './locales.ts'

const fileOf = (lang: string) =>
  JSON.parse(readFileSync(new URL(`../../../contract/locales/${lang}.json`, import.meta.url), 'utf8'))

function proxyApp() {
  return createFakeProxy().proxy.app
}

test('serves each language file with caching, an ETag and CORS open to any page', async () => {
  const app = proxyApp()
  for (const lang of ['es', 'de']) {
    const response = await app.request(`/widget/locales/${lang}.json`, {
      headers: { Origin: 'https://www.acme.test' },
    })
    assert.equal(response.status, 200)
    assert.match(response.headers.get('Content-Type')!, /^application\/json/)
    assert.equal(response.headers.get('Cache-Control'), 'public, max-age=300, stale-while-revalidate=86400')
    assert.equal(response.headers.get('Access-Control-Allow-Origin'), '*')
    assert.match(response.headers.get('ETag')!, /^"[0-9a-f]{32}"$/)
    assert.deepEqual(await response.json(), fileOf(lang))
  }
})

test('the catalogs have exactly the keys of each other: strings, or plural forms with `other`', () => {
  const [first, ...rest] = Object.values(WIDGET_LOCALES)
  for (const catalog of rest) assert.deepEqual(Object.keys(catalog).sort(), Object.keys(first!).sort())
  for (const catalog of Object.values(WIDGET_LOCALES))
    for (const message of Object.values(catalog))
      assert.ok(typeof message === 'string' || typeof message.other === 'string', JSON.stringify(message))
})

test('answers 304 to a matching If-None-Match, and a new ETag per language', async () => {
  const app = proxyApp()
  const es = (await app.request('/widget/locales/es.json')).headers.get('ETag')!
  const de = (await app.request('/widget/locales/de.json')).headers.get('ETag')!
  assert.notEqual(es, de)
  // A list, a weak validator (what an intermediary may send back for the strong one) and `*` all match.
  for (const ifNoneMatch of [`"x", ${es}`, `"x",${es}`, `W/${es}`, '*']) {
    const again = await app.request('/widget/locales/es.json', { headers: { 'If-None-Match': ifNoneMatch } })
    assert.equal(again.status, 304, ifNoneMatch)
    assert.equal(again.headers.get('ETag'), es)
    assert.equal(await again.text(), '')
  }
  const other = await app.request('/widget/locales/es.json', { headers: { 'If-None-Match': de } })
  assert.equal(other.status, 200)
})

test('an unknown language, English (built into the widget) and odd names are 404 in the contract shape', async () => {
  const app = proxyApp()
  for (const path of [
    'ko.json',
    'en.json',
    'es',
    'ES.json',
    'es.json.bak',
    '__proto__.json',
    'constructor.json',
  ]) {
    const response = await app.request(`/widget/locales/${path}`)
    assert.equal(response.status, 404, path)
    const body = (await response.json()) as { error: { code: string } }
    assert.equal(body.error.code, 'not_found', path)
  }
})

test('path traversal is refused, encoded or not', async () => {
  const app = new Hono().get('/widget/locales/:file', localesHandler(WIDGET_LOCALES))
  // The handler itself refuses them (the router matched), not the router.
  app.onError((error, c) => c.text(error.message, 404))
  for (const path of [
    '..%2F..%2F..%2Fpackage.json',
    '%2e%2e%2f%2e%2e%2fpackage.json',
    '..%5C..%5Cpackage.json',
    'es.json%00.txt',
    '..%2Fes.json',
  ]) {
    const response = await app.request(`/widget/locales/${path}`)
    assert.equal(response.status, 404, path)
    assert.equal(await response.text(), 'There is no such language.', path)
  }
  // Unencoded dots are resolved by URL parsing before routing: the path leaves /widget/locales/ entirely.
  assert.equal((await app.request('/widget/locales/../../package.json')).status, 404)
})

test('a handler without catalogs serves nothing', async () => {
  const app = new Hono().get('/widget/locales/:file', localesHandler({}))
  app.onError((_, c) => c.text('missing', 404))
  assert.equal((await app.request('/widget/locales/es.json')).status, 404)
})
