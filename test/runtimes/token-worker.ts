/**
 * A Worker for the token store's tests on workerd: it runs each `TokenStore` call it is sent through
 * `createDurableTokenStore` on its `TOKEN_STATE` binding, so a test in Node drives the real client and the real
 * object. Test-only: `TokenState` here moves its clock by what `/advance` adds (objects of this class all run in
 * this Worker's isolate, whichever Worker calls them), and the `x-run` header names a fresh set of objects per test.
 */
import type { DurableNamespace } from '../../proxy/src/stores/durable/protocol.ts'
import { TokenState as RealTokenState } from '../../proxy/src/stores/durable/token-object.ts'
import { createDurableTokenStore } from '../../proxy/src/stores/durable/token-store.ts'
import type { TokenStore } from '../../proxy/src/stores/tokens.ts'

let offset = 0

/** The object with its clock moved by `/advance`. */
export class TokenState extends RealTokenState {
  protected override now(): number {
    return Date.now() + offset
  }
}

/** A call as the test sends it. */
type Call = { op: keyof TokenStore; args: unknown[] }

export default {
  async fetch(request: Request, env: { TOKEN_STATE: DurableNamespace }): Promise<Response> {
    const path = new URL(request.url).pathname
    if (path === '/advance') {
      offset += Number(await request.text())
      return Response.json(offset)
    }
    const run = request.headers.get('x-run') ?? ''
    const namespace: DurableNamespace = {
      idFromName: (name) => env.TOKEN_STATE.idFromName(`${run}/${name}`),
      get: (id) => env.TOKEN_STATE.get(id),
    }
    const { op, args } = (await request.json()) as Call
    const store = createDurableTokenStore(namespace)
    try {
      const value = await (store[op] as (...args: unknown[]) => Promise<unknown>)(...args)
      return Response.json({ value: value ?? null })
    } catch (error) {
      return Response.json({ error: (error as Error).name, message: (error as Error).message })
    }
  },
}
