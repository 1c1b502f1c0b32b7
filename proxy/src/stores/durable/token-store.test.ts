// What the Worker entry builds from its bindings: with TOKEN_STATE, a token store whose calls reach the TokenState
// object named by each key; without it, none (ProxyOptions keeps grants in memory). The objects' behaviour under
// workerd is test/runtimes/workerd-tokens.test.ts.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { DurableNamespace, DurableStorage } from './protocol.ts'
import { createDurableState, TokenState } from './index.ts'

/** A namespace whose objects are TokenStates on Map storage, and the names it was asked for. */
function fakeNamespace() {
  const objects = new Map<string, TokenState>()
  const names: string[] = []
  const namespace: DurableNamespace = {
    idFromName: (name) => (names.push(name), name),
    get: (id: never) => ({
      fetch: (input: string, init?: RequestInit) => {
        let object = objects.get(id)
        if (!object) {
          const data = new Map<string, unknown>()
          const storage = {
            get: async (key: string) => structuredClone(data.get(key)),
            put: async (key: string, value: unknown) => void data.set(key, structuredClone(value)),
            delete: async (key: string) => data.delete(key),
          } as unknown as DurableStorage
          objects.set(id, (object = new TokenState({ storage })))
        }
        return object.fetch(new Request(input, init))
      },
    }),
  }
  return { namespace, names }
}

test('durable state: TOKEN_STATE gives a token store with one object per key; none without it', async () => {
  const { namespace, names } = fakeNamespace()
  const { tokenStore } = createDurableState({ tokens: namespace, siteList: [] })
  assert.ok(tokenStore)
  assert.equal(await tokenStore.put('location:a', 'sealed-a', 0), true)
  assert.equal(await tokenStore.replace('company:c', 'sealed-c'), 1)
  assert.deepEqual(await tokenStore.get('location:a'), { version: 1, sealed: 'sealed-a' })
  assert.equal(await tokenStore.get('location:b'), undefined)
  assert.deepEqual([...new Set(names)], ['location:a', 'company:c', 'location:b'])
  assert.equal(createDurableState({ siteList: [] }).tokenStore, undefined)
})
