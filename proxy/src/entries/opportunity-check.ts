/**
 * The start-up check of the sites' opportunity settings, shared by the entries that start a process (Node through
 * `startProxy`, Deno and Bun through `proxyFromEnvironment`). A pipeline or stage GHL does not have stops the start
 * (the error names the site, the setting and what the location has); GHL not answering does not: the proxy starts,
 * says so, and checks the location again before its first opportunity. Workers check only then (nothing may wait
 * at an isolate's start).
 */
import { describeError, type Logger } from '../logger.ts'
import type { Proxy } from '../proxy.ts'
import { OpportunityConfigError } from '../services/opportunities/pipeline-check.ts'

/** Options of {@link checkOpportunitiesAtStart}. */
export interface OpportunityCheckOptions {
  /** Default none. */
  log?: Logger
  /** Longest wait for GHL's answers before starting without them, ms. Default 15 000. */
  timeoutMs?: number
}

/** Resolves when the settings are known good or cannot be checked now; throws OpportunityConfigError when wrong. */
export async function checkOpportunitiesAtStart(
  proxy: Pick<Proxy, 'opportunities'>,
  options: OpportunityCheckOptions = {},
): Promise<void> {
  const { log = () => {}, timeoutMs = 15_000 } = options
  if (!proxy.opportunities) return
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)))
  try {
    const result = await Promise.race([proxy.opportunities.verify().then(() => 'checked' as const), late])
    if (result === 'checked') log({ level: 'info', msg: 'opportunities.checked' })
    else log({ level: 'warn', msg: 'opportunities.check_deferred', reason: 'timeout', timeoutMs })
  } catch (error) {
    if (error instanceof OpportunityConfigError) throw error
    // GHL unreachable or failing: start anyway; each location is checked again before its first opportunity.
    log({ level: 'warn', msg: 'opportunities.check_deferred', ...describeError(error) })
  } finally {
    clearTimeout(timer)
  }
}
