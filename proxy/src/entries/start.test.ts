import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Hono } from 'hono'
import { nodeClientIp } from './start.ts'

const ipSeen = async (trustedProxies: number, forwardedFor?: string) => {
  const app = new Hono().get('/', (c) => c.text(nodeClientIp(trustedProxies)(c) ?? 'unknown'))
  const headers: Record<string, string> = forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {}
  return (await app.request('/', { headers })).text()
}

test('the visitor IP is taken as many hops from the right as there are trusted proxies', async () => {
  // A client can put anything on the left; the proxies append what they saw on the right.
  assert.equal(await ipSeen(1, 'forged-1, forged-2, 203.0.113.7'), '203.0.113.7')
  assert.equal(await ipSeen(2, 'forged, 198.51.100.1, 10.0.0.2'), '198.51.100.1')
  // More hops trusted than entries present: nothing to believe, so the socket (none in app.request).
  assert.equal(await ipSeen(3, '203.0.113.7'), 'unknown')
  // No trusted proxy: the header is ignored.
  assert.equal(await ipSeen(0, '203.0.113.7'), 'unknown')
  assert.equal(await ipSeen(1), 'unknown')
})

test('an X-Forwarded-For entry that is not an IP address is not believed: the socket is', async () => {
  // What a client that reaches the proxy directly can write where a trusted proxy would have.
  for (const forged of ['x-17', 'unknown', '1'.repeat(8_192), '127.1', '203.0.113.7 junk']) {
    assert.equal(await ipSeen(1, `198.51.100.1, ${forged}`), 'unknown', forged.slice(0, 20))
  }
  assert.equal(await ipSeen(1, 'forged, [2001:db8::7]:443'), '[2001:db8::7]:443')
  assert.equal(await ipSeen(1, 'forged, 203.0.113.7:51234'), '203.0.113.7:51234')
})
