/**
 * The check of the sites' opportunity settings against the pipelines GHL holds for their locations
 * (`GET /opportunities/pipelines`): an unknown pipeline or stage is a configuration error that names the site, the
 * setting and the pipelines or stages the location does have.
 */
import { ConfigError } from '../../config/config-error.ts'
import type { OpportunitySettings } from '../../config/opportunity.ts'
import type { Site } from '../../config/sites.ts'
import type { GhlPipeline } from '../../ghl/types.ts'

/** A setting that names a pipeline or stage GHL does not have; the message says which and what there is. */
export class OpportunityConfigError extends ConfigError {
  override name = 'OpportunityConfigError'
}

/** Each opportunity setting of a site with the field it was written in (`opportunity`, `calendarOpportunities.cal1`). */
export function settingsOf(site: Site): { field: string; settings: OpportunitySettings }[] {
  const own = site.opportunity ? [{ field: 'opportunity', settings: site.opportunity }] : []
  const perCalendar = Object.entries(site.calendarOpportunities ?? {}).flatMap(([calendarId, settings]) =>
    settings ? [{ field: `calendarOpportunities.${calendarId}`, settings }] : [],
  )
  return [...own, ...perCalendar]
}

const list = (items: readonly { id: string; name: string }[]) =>
  items.length === 0 ? 'none' : items.map((item) => `${item.name || '(no name)'} (${item.id})`).join(', ')

/**
 * What is wrong with a site's opportunity settings given its location's pipelines, one message a problem; empty
 * when every pipeline and stage exists.
 */
export function pipelineProblems(site: Site, pipelines: readonly GhlPipeline[]): string[] {
  const problems: string[] = []
  for (const { field, settings } of settingsOf(site)) {
    const pipeline = pipelines.find((p) => p.id === settings.pipelineId)
    if (!pipeline) {
      problems.push(
        `site "${site.id}": ${field}.pipelineId "${settings.pipelineId}" is not a pipeline of location ` +
          `${site.locationId}; its pipelines: ${list(pipelines)}`,
      )
      continue
    }
    const stages: [string, string][] = [['stageId', settings.stageId]]
    if (settings.cancelledStageId) stages.push(['cancelledStageId', settings.cancelledStageId])
    for (const [name, stageId] of stages) {
      if (pipeline.stages.some((stage) => stage.id === stageId)) continue
      problems.push(
        `site "${site.id}": ${field}.${name} "${stageId}" is not a stage of pipeline "${pipeline.name}" ` +
          `(${pipeline.id}); its stages: ${list(pipeline.stages)}`,
      )
    }
  }
  return problems
}
