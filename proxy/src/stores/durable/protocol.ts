/**
 * How the Worker talks to its Durable Objects: one JSON POST per operation through the stub's `fetch`, so the
 * objects are plain classes (no `cloudflare:workers` import) and every file here type-checks and runs outside
 * workerd too. The types below are the few members of Cloudflare's bindings this folder uses, declared
 * structurally. A stub's answer is a thenable, not always a `Promise`: it is only ever awaited.
 */

/** A Durable Object stub: what `namespace.get(id)` returns. */
export interface DurableStub {
  fetch(input: string, init?: RequestInit): PromiseLike<Response>
}

/** A Durable Object namespace binding (`durable_objects.bindings` in wrangler.jsonc). */
export interface DurableNamespace {
  idFromName(name: string): unknown
  get(id: never): DurableStub
}

/** The storage of an object (`ctx.storage`), as the objects here use it: SQLite-backed or key-value. */
export interface DurableStorage {
  get<T>(key: string): PromiseLike<T | undefined>
  put(key: string, value: unknown): PromiseLike<void>
  delete(key: string): PromiseLike<boolean>
  list<T>(options?: { prefix?: string; startAfter?: string; limit?: number }): PromiseLike<Map<string, T>>
  getAlarm(): PromiseLike<number | null>
  setAlarm(scheduledTime: number): PromiseLike<void>
}

/** What workerd hands an object's constructor. */
export interface DurableState {
  storage: DurableStorage
}

/** An operation's failure: the object answered with an error, or could not be reached. */
export class DurableObjectError extends Error {
  override name = 'DurableObjectError'
}

/**
 * Runs `op` with `args` on the object named `name` and resolves with its JSON answer. A new stub per call: stubs
 * belong to the request that made them, and this runs in many requests.
 */
export async function callObject<T>(namespace: DurableNamespace, name: string, op: string, args: unknown) {
  const stub = namespace.get(namespace.idFromName(name) as never)
  let response: Response
  try {
    response = await stub.fetch(`https://state.invalid/${op}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(args),
    })
  } catch (error) {
    throw new DurableObjectError(`The state object could not be reached (${op})`, { cause: error })
  }
  if (!response.ok) {
    await response.body?.cancel()
    throw new DurableObjectError(`The state object refused ${op} (${response.status})`)
  }
  return (await response.json()) as T
}

/** The object side: parses an operation, runs it with `handlers`, answers its result as JSON (404 if unknown). */
export async function answerCall(
  request: Request,
  handlers: Record<string, (args: never) => unknown>,
): Promise<Response> {
  const op = new URL(request.url).pathname.slice(1)
  const handler = Object.hasOwn(handlers, op) ? handlers[op] : undefined
  if (!handler || request.method !== 'POST') return new Response(null, { status: 404 })
  const args = (await request.json()) as never
  // `null` for an operation that answers nothing, so the caller always reads JSON.
  return Response.json((await handler(args)) ?? null)
}
