/**
 * The one line a server entry prints when its port is taken (`npm start`, `npm run demo`): the usual first-hour
 * mistake is a second copy still running, and a stack trace hides the fix.
 */

/** The line for a listen error that is EADDRINUSE, naming the variable that sets the port; else undefined. */
export function portInUseMessage(error: unknown, variable = 'PORT'): string | undefined {
  const { code, port } = (error ?? {}) as { code?: unknown; port?: unknown }
  if (code !== 'EADDRINUSE') return undefined
  return `Port ${String(port)} is already in use: stop the other process or set ${variable}=<another port>.`
}

/**
 * Runs an entry's start: when its port is taken, prints the one line on stderr and exits with code 1; any other
 * error goes on as before. `variableOf` names the variable that sets a port (default `PORT`).
 */
export async function exitIfPortInUse<T>(
  start: () => Promise<T>,
  variableOf: (port: unknown) => string = () => 'PORT',
): Promise<T> {
  try {
    return await start()
  } catch (error) {
    const line = portInUseMessage(error, variableOf((error as { port?: unknown } | null)?.port))
    if (!line) throw error
    console.error(line)
    process.exit(1)
  }
}
