// Types for what the browser tests use from mocha (wtr's framework) and chai (which ships no declarations).
// Loose on purpose: these are assertions in tests, checked by running them.
declare module 'chai' {
  export const expect: (value: unknown, message?: string) => any
}
declare function describe(name: string, body: () => void): void
declare function it(name: string, body: () => unknown): void
declare function afterEach(body: () => unknown): void
declare function beforeEach(body: () => unknown): void
declare function before(body: () => unknown): void
declare function after(body: () => unknown): void
