/**
 * The sandbox's pipelines and opportunities (apps/opportunities.json), kept apart from the calendar state: a seeded
 * pipeline, and the upsert as GHL runs it for a location that disallows duplicate opportunities (its default): an
 * opportunity is found by `id`, else by contact and pipeline (one per contact and pipeline), else created.
 */
import { GhlHttpError } from './ghl-error.ts'
import type { SandboxContact } from './model.ts'

/** The seeded pipeline of the sandbox's location, for tests, the demo and the demo's sites file. */
export const SANDBOX_PIPELINE = {
  id: 'pipe-booking',
  name: 'Booking pipeline',
  stages: { newLead: 'stage-new-lead', booked: 'stage-booked', cancelled: 'stage-cancelled' },
} as const

/** A pipeline stage (GHL sends `id`, `name`, `position`). */
export interface SandboxStage {
  id: string
  name: string
  position: number
}

/** A pipeline (`PipelinesResponseSchema`, stages as GHL sends them). */
export interface SandboxPipeline {
  id: string
  name: string
  locationId: string
  stages: SandboxStage[]
  showInFunnel: boolean
  showInPieChart: boolean
}

/** GHL's opportunity statuses. */
export type OpportunityStatus = 'open' | 'won' | 'lost' | 'abandoned'

/** An opportunity (`SearchOpportunitiesResponseSchema`, the fields the sandbox keeps). */
export interface SandboxOpportunity {
  id: string
  name: string
  monetaryValue: number
  pipelineId: string
  pipelineStageId: string
  status: OpportunityStatus
  source: string
  contactId: string
  locationId: string
  lastStatusChangeAt: string
  lastStageChangeAt: string
  createdAt: string
  updatedAt: string
}

/** An opportunity as `Sandbox.opportunities()` and `GET /_sandbox/opportunities` list it: with its stage's and contact's names. */
export interface SandboxOpportunityView extends SandboxOpportunity {
  pipelineName: string
  stageName: string
  contactName: string
}

/** What an upsert asks for, validated (see opportunity-routes.ts). */
export interface OpportunityUpsert {
  id?: string
  locationId: string
  pipelineId: string
  contactId?: string
  name?: string
  status?: OpportunityStatus
  pipelineStageId?: string
  monetaryValue?: number
}

/** Options of {@link createOpportunityStore}. */
export interface OpportunityStoreOptions {
  locationId: string
  now: () => number
  newId: (prefix: string) => string
  /** The location's contacts (the sandbox's state, replaced on reset). */
  contacts: () => Map<string, SandboxContact>
}

/** The seed: one pipeline, "Booking pipeline", with the stages New lead, Booked, Cancelled. */
function seedPipelines(locationId: string): SandboxPipeline[] {
  const { id, name, stages } = SANDBOX_PIPELINE
  return [
    {
      id,
      name,
      locationId,
      showInFunnel: true,
      showInPieChart: true,
      stages: [
        { id: stages.newLead, name: 'New lead', position: 0 },
        { id: stages.booked, name: 'Booked', position: 1 },
        { id: stages.cancelled, name: 'Cancelled', position: 2 },
      ],
    },
  ]
}

/** The pipelines and opportunities of the sandbox's location. */
export function createOpportunityStore(options: OpportunityStoreOptions) {
  const { locationId, now, newId } = options
  let pipelines = seedPipelines(locationId)
  let opportunities = new Map<string, SandboxOpportunity>()

  const pipelineOf = (id: string) => {
    const pipeline = pipelines.find((p) => p.id === id)
    if (!pipeline) throw new GhlHttpError(400, 'Pipeline not found')
    return pipeline
  }

  return {
    pipelines: () => pipelines,
    /** Every opportunity, oldest first, with the names of its pipeline, stage and contact (copies). */
    list(): SandboxOpportunityView[] {
      return [...opportunities.values()].map((o) => {
        const pipeline = pipelines.find((p) => p.id === o.pipelineId)
        return {
          ...o,
          pipelineName: pipeline?.name ?? '',
          stageName: pipeline?.stages.find((s) => s.id === o.pipelineStageId)?.name ?? '',
          contactName: options.contacts().get(o.contactId)?.name ?? '',
        }
      })
    },
    /** Back to the seed. */
    reset() {
      pipelines = seedPipelines(locationId)
      opportunities = new Map()
    },
    /** The upsert; resolves the opportunity and whether it is new, or throws GHL's 400. */
    upsert(input: OpportunityUpsert): { opportunity: SandboxOpportunity; created: boolean } {
      const pipeline = pipelineOf(input.pipelineId)
      if (input.pipelineStageId && !pipeline.stages.some((s) => s.id === input.pipelineStageId)) {
        throw new GhlHttpError(400, 'Pipeline stage not found')
      }
      let existing: SandboxOpportunity | undefined
      if (input.id) {
        existing = opportunities.get(input.id)
        if (!existing || existing.locationId !== input.locationId)
          throw new GhlHttpError(400, 'Opportunity not found')
      } else {
        if (!input.contactId) throw new GhlHttpError(422, ['contactId should not be empty'])
        const contact = options.contacts().get(input.contactId)
        if (!contact || contact.locationId !== input.locationId)
          throw new GhlHttpError(400, 'Contact not found')
        existing = [...opportunities.values()].find(
          (o) => o.contactId === input.contactId && o.pipelineId === input.pipelineId,
        )
      }
      const at = new Date(now()).toISOString()
      if (existing) {
        if (input.pipelineStageId && input.pipelineStageId !== existing.pipelineStageId)
          Object.assign(existing, { pipelineStageId: input.pipelineStageId, lastStageChangeAt: at })
        if (input.status && input.status !== existing.status)
          Object.assign(existing, { status: input.status, lastStatusChangeAt: at })
        if (input.pipelineId !== existing.pipelineId) existing.pipelineId = input.pipelineId
        if (input.name) existing.name = input.name
        if (input.monetaryValue !== undefined) existing.monetaryValue = input.monetaryValue
        existing.updatedAt = at
        return { opportunity: existing, created: false }
      }
      const contact = options.contacts().get(input.contactId!)!
      const opportunity: SandboxOpportunity = {
        id: newId('opp'),
        name: input.name || contact.name || contact.email || 'Opportunity',
        monetaryValue: input.monetaryValue ?? 0,
        pipelineId: pipeline.id,
        pipelineStageId: input.pipelineStageId ?? pipeline.stages[0]!.id,
        status: input.status ?? 'open',
        source: 'public_api',
        contactId: contact.id,
        locationId: input.locationId,
        lastStatusChangeAt: at,
        lastStageChangeAt: at,
        createdAt: at,
        updatedAt: at,
      }
      opportunities.set(opportunity.id, opportunity)
      return { opportunity, created: true }
    },
    /** `GET /opportunities/search`'s filters: pipeline, contact, status (`all` or absent: any). */
    search(filter: { pipelineId?: string; contactId?: string; status?: string }): SandboxOpportunity[] {
      return [...opportunities.values()].filter(
        (o) =>
          (!filter.pipelineId || o.pipelineId === filter.pipelineId) &&
          (!filter.contactId || o.contactId === filter.contactId) &&
          (!filter.status || filter.status === 'all' || o.status === filter.status),
      )
    },
  }
}

/** The store {@link createOpportunityStore} builds. */
export type OpportunityStore = ReturnType<typeof createOpportunityStore>
