// The Marketplace token store on Durable Objects under workerd: the cases every backend shares, run through a
// Worker that calls `createDurableTokenStore` on its `TOKEN_STATE` binding, and two Worker instances (two isolates,
// the second bound to the first one's objects through scriptName, as in workerd-durable.test.ts) racing for one
// key's lease and one compare-and-set.
import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { tokenStoreContract } from '../../proxy/src/stores/token-store-contract.ts'
import type { TokenStore } from '../../proxy/src/stores/tokens.ts'
import { bundleWorker, importMiniflare } from './workerd-bundle.ts'

let dir: string
let miniflare: import('miniflare').Miniflare
before(async () => {
  dir = await bundleWorker('test/runtimes/token-worker.ts')
  const { Miniflare } = await importMiniflare()
  const worker = (
    name: string,
    objects: Record<string, string | { className: string; scriptName: string }>,
  ) => ({
    name,
    routes: [`${name}.tokens.test/*`],
    modules: true,
    scriptPath: join(dir, 'worker.js'),
    modulesRoot: dir,
    compatibilityDate: '2026-04-26',
    durableObjects: objects,
  })
  miniflare = new Miniflare({
    workers: [
      worker('a', { TOKEN_STATE: 'TokenState' }),
      worker('b', { TOKEN_STATE: { className: 'TokenState', scriptName: 'a' } }),
    ],
  })
  await miniflare.ready
})
after(async () => {
  await miniflare?.dispose()
  rmSync(dir, { recursive: true, force: true })
})

/** The store as Worker instance `instance` (a or b) sees it, on the objects of `run`. */
function storeOf(instance: 'a' | 'b', run: string): TokenStore {
  const call =
    (op: keyof TokenStore) =>
    async (...args: unknown[]): Promise<any> => {
      const response = await miniflare.dispatchFetch(`http://${instance}.tokens.test/call`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-run': run },
        body: JSON.stringify({ op, args }),
      })
      const answer = (await response.json()) as { value?: unknown; error?: string; message?: string }
      if (answer.error) throw new (answer.error === 'RangeError' ? RangeError : Error)(answer.message)
      return answer.value ?? undefined
    }
  return {
    get: call('get'),
    put: call('put'),
    replace: call('replace'),
    delete: call('delete'),
    lease: call('lease'),
    release: call('release'),
  }
}

let runs = 0
tokenStoreContract('durable objects', async () => ({
  store: storeOf(runs % 2 ? 'a' : 'b', `contract-${++runs}`),
  advance: async (ms) => {
    const response = await miniflare.dispatchFetch('http://a.tokens.test/advance', {
      method: 'POST',
      body: String(ms),
    })
    await response.arrayBuffer()
  },
}))

test('durable objects: two Worker instances racing one lease, 50 times: exactly one holder each', async () => {
  const [a, b] = [storeOf('a', 'lease-race'), storeOf('b', 'lease-race')]
  for (let round = 0; round < 50; round++) {
    const key = `location:l${round}`
    const holders = await Promise.all([a.lease(key, 60_000), b.lease(key, 60_000)])
    assert.equal(holders.filter(Boolean).length, 1, `round ${round}: ${holders}`)
  }
})

test('durable objects: two Worker instances racing one compare-and-set, 50 times: exactly one wins each', async () => {
  const [a, b] = [storeOf('a', 'put-race'), storeOf('b', 'put-race')]
  for (let round = 0; round < 50; round++) {
    const key = `company:c${round}`
    assert.equal(await a.replace(key, 'first'), 1)
    const [left, right] = await Promise.all([a.put(key, `a${round}`, 1), b.put(key, `b${round}`, 1)])
    assert.notEqual(left, right, `round ${round}: exactly one of the two writes`)
    assert.deepEqual(await b.get(key), { version: 2, sealed: left ? `a${round}` : `b${round}` })
  }
})
