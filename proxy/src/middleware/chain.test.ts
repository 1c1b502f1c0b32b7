// One route's middleware run as one handler: synchronous when every layer is, Hono's compose semantics otherwise.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Hono } from 'hono'
import { routes } from '../../../contract/schemas.ts'
import type { LogEntry, Logger } from '../logger.ts'
import { FAKE } from '../../../test/support/fake-ghl.ts'
import { createFakeProxy } from '../../../test/support/fake-proxy.ts'
import { chain, type SyncMiddleware } from './chain.ts'

/** Records its name before and after the rest of the chain, synchronously when the rest was. */
const trace =
  (name: string, seen: string[]): SyncMiddleware =>
  (c, next) => {
    seen.push(`${name}>`)
    const done = next()
    if (done instanceof Promise) return done.then(() => void seen.push(`<${name}:${c.res.status}`))
    seen.push(`<${name}:${c.res.status}`)
  }

const onError = (error: Error) => new Response(error.message, { status: 500 })

test('a chain of synchronous layers answers without a promise, outermost layer last', () => {
  const seen: string[] = []
  const app = new Hono().get(
    '/',
    chain([trace('a', seen), trace('b', seen)], (c) => c.text('hi'), onError),
  )
  const response = app.fetch(new Request('http://x/'))
  assert.ok(response instanceof Response)
  assert.deepEqual(seen, ['a>', 'b>', '<b:200', '<a:200'])
})

test('an asynchronous handler makes the chain a promise; the layers still run in order', async () => {
  const seen: string[] = []
  const app = new Hono().get(
    '/',
    chain([trace('a', seen)], async (c) => c.text('later'), onError),
  )
  const pending = app.fetch(new Request('http://x/'))
  assert.ok(pending instanceof Promise)
  assert.equal(await (await pending).text(), 'later')
  assert.deepEqual(seen, ['a>', '<a:200'])
})

test('an error becomes onError’s answer where it was thrown, so the layers around it see that answer', async () => {
  for (const handler of [
    () => {
      throw new Error('sync')
    },
    async () => {
      throw new Error('async')
    },
  ]) {
    const seen: string[] = []
    const app = new Hono().get('/', chain([trace('a', seen)], handler, onError))
    const response = await app.fetch(new Request('http://x/'))
    assert.equal(response.status, 500)
    assert.deepEqual(seen, ['a>', '<a:500'])
  }
})

function proxyWith(log?: Logger) {
  return createFakeProxy({ clock: () => Date.parse('2026-03-02T17:00:20Z'), log }).proxy.app
}

const url = `http://proxy.test${routes.slots('acme', FAKE.calendarId)}?from=2026-03-09&to=2026-03-15&timeZone=Europe/Berlin`

test('the proxy answers a cached slots read synchronously, with every header', async () => {
  const app = proxyWith()
  const init = { headers: { Origin: 'https://www.acme.test' } }
  const first = await app.fetch(new Request(url, init))
  assert.equal(first.status, 200)
  const cached = app.fetch(new Request(url, init))
  assert.ok(cached instanceof Response, 'a cached read needs no promise')
  assert.equal(cached.status, 200)
  assert.equal(await cached.text(), await first.text())
  for (const name of ['access-control-allow-origin', 'ratelimit', 'etag', 'x-request-id', 'x-frame-options'])
    assert.ok(cached.headers.get(name), name)
})

test('with a logger, every request is logged once: a synchronous read, an error and a route behind the fallback', async () => {
  const lines: LogEntry[] = []
  const app = proxyWith((entry) => lines.push(entry))
  const init = { headers: { Origin: 'https://www.acme.test' } }
  await app.fetch(new Request(url, init))
  await app.fetch(new Request(url, init))
  await app.fetch(new Request(url.replace('2026-03-09', 'nope'), init))
  await app.fetch(new Request('http://proxy.test/healthz'))
  const requests = lines.filter((line) => line.msg === 'request')
  assert.deepEqual(
    requests.map(({ status, site, path }) => ({ status, site, path })),
    [
      { status: 200, site: 'acme', path: new URL(url).pathname },
      { status: 200, site: 'acme', path: new URL(url).pathname },
      { status: 400, site: 'acme', path: new URL(url).pathname },
      { status: 200, site: undefined, path: '/healthz' },
    ],
  )
})
