/**
 * Timers as workerd keeps them, emulated on Node for one test: a timer belongs to the request whose code armed it
 * (a run of an AsyncLocalStorage stands for the request), its handle is a plain number (no `ref` or `unref`), and
 * once a request is over the timers it left armed are cancelled. Code that lets one request's timer serve
 * another's then fails here as it would on an edge runtime. `install()` replaces the global `setTimeout` and
 * `clearTimeout` until `restore()`.
 */
import { AsyncLocalStorage } from 'node:async_hooks'

/** See the module comment. */
export interface RequestTimers {
  /** Runs `work` as the request `id`; when it settles, the timers it left armed are cancelled. */
  run<T>(id: string, work: () => Promise<T>): Promise<T>
  /** How many timers the request `id` armed. */
  armedBy(id: string): number
  /** Puts the global timers back. */
  restore(): void
}

/** Installs request-bound timers in place of the global ones. */
export function installRequestTimers(): RequestTimers {
  const request = new AsyncLocalStorage<string>()
  const realSet = globalThis.setTimeout
  const realClear = globalThis.clearTimeout
  const live = new Map<number, { owner: string | undefined; handle: ReturnType<typeof realSet> }>()
  const armed = new Map<string | undefined, number>()
  let nextId = 1

  const fakeSet = (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const id = nextId++
    const owner = request.getStore()
    armed.set(owner, (armed.get(owner) ?? 0) + 1)
    const handle = realSet(() => {
      live.delete(id)
      callback(...args)
    }, ms)
    live.set(id, { owner, handle })
    return id
  }
  const fakeClear = (id: unknown) => {
    if (typeof id !== 'number') return realClear(id as ReturnType<typeof realSet>)
    const timer = live.get(id)
    if (timer) realClear(timer.handle)
    live.delete(id)
  }
  globalThis.setTimeout = fakeSet as unknown as typeof setTimeout
  globalThis.clearTimeout = fakeClear as typeof clearTimeout

  return {
    async run(id, work) {
      try {
        return await request.run(id, work)
      } finally {
        for (const [timerId, timer] of live) if (timer.owner === id) fakeClear(timerId)
      }
    },
    armedBy: (id) => armed.get(id) ?? 0,
    restore() {
      globalThis.setTimeout = realSet
      globalThis.clearTimeout = realClear
    },
  }
}
