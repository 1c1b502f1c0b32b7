/**
 * A configuration problem; the message names what to fix. Its own module, so code that runs on every runtime (the
 * opportunities' pipeline check) can throw one without importing how the environment is read.
 */
export class ConfigError extends Error {
  override name = 'ConfigError'
}
