/**
 * The contact's opportunity after a booking, and after a cancellation through a booking link, done in the
 * background: the visitor's answer never waits for it and never fails for it. Each job goes to the request's
 * `waitUntil` (an edge runtime ends a request's work with its answer otherwise), runs after the jobs of the same
 * contact (a cancel right after its booking lands second), and is retried with backoff a bounded number of times;
 * at most `maxPending` jobs wait at once (background.ts). A final failure is logged with ids only and counted.
 * Before a location's first upsert its pipelines are checked once (the start-up check fills the same memo), so a
 * Worker, which checks nothing at start, still refuses a setting that names an unknown pipeline or stage.
 */
import { opportunityFor, type OpportunitySettings } from '../../config/opportunity.ts'
import type { Site } from '../../config/sites.ts'
import { GhlError, type GhlClient } from '../../ghl/types.ts'
import { describeError, type Logger } from '../../logger.ts'
import { NO_METRICS, type Metrics, type OpportunityOutcome } from '../../metrics/metrics.ts'
import type { CalendarService, WaitUntil } from '../../types.ts'
import { fillTemplate } from '../bookings/contact.ts'
import { createBackgroundQueue } from './background.ts'
import { OpportunityConfigError, pipelineProblems, settingsOf } from './pipeline-check.ts'

/** Options of {@link createOpportunities}. */
export interface OpportunityOptions {
  /** Every site: a location's pipelines are checked for all its sites at once. */
  sites: readonly Site[]
  ghl: GhlClient
  /** The calendar's name for the opportunity's name (cached: the booking just read it). */
  calendars: CalendarService
  /** Default none. */
  log?: Logger
  /** Counts each job's outcome and each retry. Default {@link NO_METRICS}. */
  metrics?: Metrics
  /** Waits between attempts. Default `setTimeout`. */
  sleep?: (ms: number) => Promise<void>
  /**
   * The waits before the second, third... attempt of a job, ms; its length is the number of retries. Default
   * `[1_000, 5_000, 15_000]`: within the half minute an edge runtime's `waitUntil` gives work after the answer.
   */
  retryDelaysMs?: readonly number[]
  /** Jobs that may wait or run at once; one more is dropped (logged, counted `failed`). Default 1 000. */
  maxPending?: number
}

/** What a booking tells the service: ids and the contact's name, nothing else of the visitor. */
export interface BookedContact {
  calendarId: string
  contactId: string
  contact: { firstName: string; lastName: string }
}

/** The opportunity work of the proxy. */
export interface Opportunities {
  /** After a booking: the contact's opportunity into the calendar's stage, in the background. */
  booked(site: Site, booked: BookedContact, waitUntil?: WaitUntil): void
  /** After a cancellation through a link: the open opportunity into `cancelledStageId`, when one is set. */
  cancelled(site: Site, appointment: { calendarId: string; contactId: string }, waitUntil?: WaitUntil): void
  /**
   * Checks every site's settings against its location's pipelines. Throws {@link OpportunityConfigError} naming
   * each unknown pipeline or stage, or the GhlError of a location GHL did not answer for (checked again on use).
   */
  verify(): Promise<void>
  /** Jobs waiting or running. */
  pending(): number
  /** Resolves once no job is pending (tests, a graceful stop). */
  idle(): Promise<void>
}

type Job =
  | { kind: 'booked'; site: Site; settings: OpportunitySettings; booked: BookedContact }
  | { kind: 'cancelled'; site: Site; settings: OpportunitySettings; contactId: string; stageId: string }

/** A failure that may pass with time; anything else (GHL's 4xx, a bad setting) is final at once. */
const mayPass = (error: unknown) => error instanceof GhlError && error.kind !== 'rejected'

/** Builds the service. */
export function createOpportunities(options: OpportunityOptions): Opportunities {
  const { ghl, calendars, log = () => {} } = options
  const metrics = options.metrics ?? NO_METRICS
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const delays = options.retryDelaysMs ?? [1_000, 5_000, 15_000]
  const queue = createBackgroundQueue({ maxPending: options.maxPending })
  const configured = options.sites.filter((site) => settingsOf(site).length > 0)
  // Per location: the problems of its sites' settings by site id, once GHL answered; a failed read is forgotten.
  const checked = new Map<string, Promise<Map<string, string[]>>>()

  function problemsOf(locationId: string): Promise<Map<string, string[]>> {
    let check = checked.get(locationId)
    if (!check) {
      const sites = configured.filter((site) => site.locationId === locationId)
      check = ghl
        .getPipelines(locationId)
        .then((pipelines) => new Map(sites.map((site) => [site.id, pipelineProblems(site, pipelines)])))
      checked.set(locationId, check)
      check.catch(() => checked.delete(locationId))
    }
    return check
  }

  /** Throws OpportunityConfigError when the site's settings name what GHL does not have. */
  async function requireValid(site: Site) {
    const problems = (await problemsOf(site.locationId)).get(site.id) ?? []
    if (problems.length > 0) throw new OpportunityConfigError(problems.join('\n'))
  }

  async function attempt(job: Job): Promise<OpportunityOutcome> {
    const { site, settings } = job
    await requireValid(site)
    const contactId = job.kind === 'booked' ? job.booked.contactId : job.contactId
    const [open] = await ghl.findOpenOpportunities(site.locationId, settings.pipelineId, contactId)
    const base = { locationId: site.locationId, pipelineId: settings.pipelineId, contactId }
    if (job.kind === 'cancelled') {
      if (!open) return 'unchanged'
      await ghl.upsertOpportunity({ ...base, id: open.id, pipelineStageId: job.stageId })
      return 'moved'
    }
    let calendarName = ''
    try {
      calendarName = (await calendars.get(site, job.booked.calendarId)).info.name
    } catch {
      // The name only decorates the opportunity: GHL's own default name stands in.
    }
    const { created } = await ghl.upsertOpportunity({
      ...base,
      ...(open && { id: open.id }),
      pipelineStageId: settings.stageId,
      status: settings.status,
      // A returning contact's opportunity keeps the name it has (staff may have renamed it).
      ...(open ? {} : { name: fillTemplate(settings.name, job.booked.contact, calendarName) }),
      ...(settings.monetaryValue !== undefined && { monetaryValue: settings.monetaryValue }),
    })
    return created ? 'created' : 'moved'
  }

  async function run(job: Job): Promise<void> {
    const ids = { site: job.site.id, pipelineId: job.settings.pipelineId, job: job.kind }
    for (let retry = 0; ; retry++) {
      try {
        const outcome = await attempt(job)
        metrics.opportunity(outcome)
        log({ level: 'info', msg: 'opportunity.done', ...ids, outcome, attempts: retry + 1 })
        return
      } catch (error) {
        const wait = delays[retry]
        if (wait === undefined || !mayPass(error)) {
          metrics.opportunity('failed')
          const reason = error instanceof OpportunityConfigError ? { problem: error.message } : {}
          log({
            level: 'error',
            msg: 'opportunity.failed',
            ...ids,
            attempts: retry + 1,
            ...describeError(error),
            ...reason,
          })
          return
        }
        metrics.opportunity('retried')
        log({
          level: 'warn',
          msg: 'opportunity.retry',
          ...ids,
          attempt: retry + 1,
          waitMs: wait,
          ...describeError(error),
        })
        await sleep(wait)
      }
    }
  }

  function enqueue(job: Job, contactId: string, waitUntil?: WaitUntil) {
    // One contact's jobs in order: a cancellation right after its booking moves what the booking made.
    const added = queue.add(`${job.site.locationId}:${contactId}`, () => run(job), waitUntil)
    if (added) return
    metrics.opportunity('failed')
    log({
      level: 'error',
      msg: 'opportunity.dropped',
      site: job.site.id,
      job: job.kind,
      pending: queue.pending(),
    })
  }

  return {
    booked(site, booked, waitUntil) {
      const settings = opportunityFor(site, booked.calendarId)
      if (settings) enqueue({ kind: 'booked', site, settings, booked }, booked.contactId, waitUntil)
    },
    cancelled(site, { calendarId, contactId }, waitUntil) {
      const settings = opportunityFor(site, calendarId)
      if (!settings?.cancelledStageId) return
      const job: Job = { kind: 'cancelled', site, settings, contactId, stageId: settings.cancelledStageId }
      enqueue(job, contactId, waitUntil)
    },
    async verify() {
      const locations = [...new Set(configured.map((site) => site.locationId))]
      const found = await Promise.all(locations.map(problemsOf))
      const problems = found.flatMap((bySite) => [...bySite.values()].flat())
      if (problems.length > 0) throw new OpportunityConfigError(problems.join('\n'))
    },
    pending: queue.pending,
    idle: queue.idle,
  }
}
