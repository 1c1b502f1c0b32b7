// The behaviour suite on Deno: the Deno entry run by the `deno` binary from npm, configured by its environment.
import { behaviourSuite } from './behaviour.ts'
import { spawnedTarget } from './spawned.ts'

behaviourSuite('deno', () =>
  spawnedTarget('deno', ['run', '--allow-net', '--allow-env', '--allow-read', 'proxy/src/entries/deno.ts']),
)
