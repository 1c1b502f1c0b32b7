/**
 * A benchmark target in its own process (so the load generator does not share its event loop):
 * `hello` is a bare Hono hello-world on @hono/node-server; `static` is the same bare server answering with a
 * constant JSON body taken from `BENCH_BODY` (the slots answer, so the bytes on the wire match) with the headers
 * in `BENCH_HEADERS` (a JSON object; default only its Content-Type); `proxy` is the
 * proxy in front of the in-process sandbox, with the slots window already cached. Prints `{"port":N}` once
 * listening.
 */
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import type { AddressInfo } from 'node:net'
import { createSandbox, SANDBOX } from '../demo/sandbox/index.ts'
import { startProxy } from '../proxy/src/entries/start.ts'
import { BENCH_SITE } from './site.ts'

const target = process.argv[2]
if (target === 'hello' || target === 'static') {
  const body = process.env.BENCH_BODY ?? ''
  const headers: Record<string, string> = process.env.BENCH_HEADERS
    ? JSON.parse(process.env.BENCH_HEADERS)
    : { 'Content-Type': 'application/json' }
  // A plain header object, as the proxy's read routes answer: @hono/node-server writes it without a Headers.
  const app = new Hono().get('/', (c) =>
    target === 'hello' ? c.text('Hello Hono!') : new Response(body, { status: 200, headers }),
  )
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
    console.log(JSON.stringify({ port: info.port })),
  )
  process.once('SIGTERM', () => server.close())
} else if (target === 'proxy') {
  const sandbox = createSandbox()
  const proxy = await startProxy({
    sites: [BENCH_SITE],
    tokenFor: () => SANDBOX.token,
    ghlApiBase: 'http://sandbox.test',
    fetch: async (input, init) => sandbox.fetch(new Request(input, init)),
    slotsTtlMs: 3_600_000,
  })
  console.log(JSON.stringify({ port: proxy.port }))
  process.once('SIGTERM', () => void proxy.close().then(() => sandbox.close()))
} else {
  console.error('usage: bench/server.ts hello|static|proxy')
  process.exit(2)
}
