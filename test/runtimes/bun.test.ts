// The behaviour suite on Bun: the Bun entry run by the `bun` binary from npm, configured by its environment.
import { behaviourSuite } from './behaviour.ts'
import { spawnedTarget } from './spawned.ts'

behaviourSuite('bun', () => spawnedTarget('bun', ['proxy/src/entries/bun.ts']))
