// Requests that Node's HTTP parser refuses before Hono sees them get an answer in the contract's shape.
import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { after, before, test } from 'node:test'
import { startProxy, type RunningProxy } from './start.ts'

let proxy: RunningProxy
before(async () => {
  proxy = await startProxy({ sites: [], tokenFor: () => undefined })
})
after(() => proxy.close())

/** Writes `bytes` on a new connection and reads everything until the server closes it. */
function exchange(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(proxy.port, '127.0.0.1')
    let answer = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk) => (answer += chunk))
    socket.on('error', (error) => (answer ? resolve(answer) : reject(error)))
    socket.on('close', () => resolve(answer))
    socket.write(bytes)
  })
}

/** The status, headers (lower-case names) and parsed body of a raw answer. */
function parse(answer: string) {
  const [head, body] = answer.split('\r\n\r\n') as [string, string]
  const [statusLine, ...lines] = head.split('\r\n')
  const headers = Object.fromEntries(
    lines.map((line) => [
      line.slice(0, line.indexOf(':')).toLowerCase(),
      line.slice(line.indexOf(':') + 1).trim(),
    ]),
  )
  return { status: Number(statusLine!.split(' ')[1]), headers, body: JSON.parse(body) }
}

test('a request that is not HTTP: 400 invalid_request with a JSON body', async () => {
  const { status, headers, body } = parse(await exchange('HELLO THERE\r\n\r\n'))
  assert.equal(status, 400)
  assert.equal(headers['content-type'], 'application/json; charset=UTF-8')
  assert.equal(headers['access-control-allow-origin'], '*')
  assert.equal(headers['connection'], 'close')
  assert.equal(body.error.code, 'invalid_request')
  assert.equal(typeof body.error.message, 'string')
})

test('headers over the size limit: 431 invalid_request with a JSON body', async () => {
  const huge = `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`
  const { status, body } = parse(await exchange(huge))
  assert.equal(status, 431)
  assert.deepEqual(body, {
    error: { code: 'invalid_request', message: 'The request headers are too large.' },
  })
})

test('a good request on the same server is still answered by the app', async () => {
  const answer = await exchange('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
  assert.equal(parse(answer).status, 200)
})
