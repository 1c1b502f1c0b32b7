/**
 * `GET /opportunities/pipelines`, `GET /opportunities/search` and `POST /opportunities/upsert` (apps/opportunities.json,
 * `Version: 2021-07-28`, scopes `opportunities.readonly` and `opportunities.write`). Bad bodies get GHL's 422 with a
 * list of messages, unknown pipelines, stages, contacts and opportunities its 400, another location its 403.
 */
import { Hono, type Context } from 'hono'
import * as v from 'valibot'
import { GhlHttpError, traceId } from './ghl-error.ts'
import type { OpportunityStore, SandboxOpportunity } from './opportunities.ts'
import type { SandboxEnv, SandboxServices } from './sandbox-env.ts'

const STATUSES = ['open', 'won', 'lost', 'abandoned', 'all'] as const

/** `UpsertOpportunityDto`; `contactId` beside it (GHL's key for a new one); the followers fields as the spec requires. */
const UpsertOpportunity = v.object({
  id: v.optional(v.string('id must be a string')),
  locationId: v.pipe(
    v.string('locationId must be a string'),
    v.minLength(1, 'locationId should not be empty'),
  ),
  pipelineId: v.pipe(
    v.string('pipelineId must be a string'),
    v.minLength(1, 'pipelineId should not be empty'),
  ),
  contactId: v.optional(v.string('contactId must be a string')),
  followers: v.array(v.string('each value in followers must be a string'), 'followers must be an array'),
  isRemoveAllFollowers: v.boolean('isRemoveAllFollowers must be a boolean value'),
  followersActionType: v.picklist(['add', 'remove'], 'followersActionType must be one of: add, remove'),
  name: v.optional(v.string('name must be a string')),
  // The spec's enum has `all` too, a search filter that no opportunity can be in.
  status: v.optional(
    v.picklist(
      STATUSES.slice(0, 4) as ['open', 'won', 'lost', 'abandoned'],
      'status must be one of: open, won, lost, abandoned',
    ),
  ),
  pipelineStageId: v.optional(v.string('pipelineStageId must be a string')),
  monetaryValue: v.optional(v.pipe(v.number('monetaryValue must be a number'), v.finite())),
  assignedTo: v.optional(v.string()),
  lostReasonId: v.optional(v.string()),
})

/** The token's location, or GHL's 403 for another one. */
function ownLocation(c: Context<SandboxEnv>, locationId: string | undefined): void {
  if (!locationId) throw new GhlHttpError(422, ['locationId should not be empty'])
  if (locationId !== c.get('locationId')) {
    throw new GhlHttpError(403, 'The token does not have access to this location')
  }
}

/** An opportunity as GHL returns it, with its contact's name and e-mail as the search does. */
function present(services: SandboxServices, opportunity: SandboxOpportunity) {
  const contact = services.state().contacts.get(opportunity.contactId)
  return {
    ...opportunity,
    contact: contact && {
      id: contact.id,
      name: contact.name,
      email: contact.email ?? '',
      tags: contact.tags,
    },
  }
}

/** The opportunity routes, mounted at the root of the sandbox's API. */
export function opportunityRoutes(services: SandboxServices, store: OpportunityStore): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>()

  app.get('/opportunities/pipelines', (c) => {
    ownLocation(c, c.req.query('locationId'))
    return c.json({ pipelines: store.pipelines(), traceId: traceId() })
  })

  app.get('/opportunities/search', (c) => {
    ownLocation(c, c.req.query('location_id'))
    const status = c.req.query('status')
    if (status && !(STATUSES as readonly string[]).includes(status)) {
      throw new GhlHttpError(422, [`status must be one of: ${STATUSES.join(', ')}`])
    }
    const limit = Math.min(Math.max(Number(c.req.query('limit') ?? 20) || 20, 1), 100)
    const found = store.search({
      pipelineId: c.req.query('pipeline_id') || undefined,
      contactId: c.req.query('contact_id') || undefined,
      status,
    })
    return c.json({
      opportunities: found.slice(0, limit).map((o) => present(services, o)),
      meta: { total: found.length, currentPage: 1 },
      aggregations: {},
      traceId: traceId(),
    })
  })

  app.post('/opportunities/upsert', async (c) => {
    const raw = await c.req.json().catch(() => {
      throw new GhlHttpError(400, 'Request body must be valid JSON')
    })
    // Every required key present, if only as undefined, so a missing one gets its class-validator message.
    const required = { locationId: undefined, pipelineId: undefined, followers: undefined }
    const withKeys = { ...required, isRemoveAllFollowers: undefined, followersActionType: undefined, ...raw }
    const parsed = v.safeParse(UpsertOpportunity, withKeys)
    if (!parsed.success)
      throw new GhlHttpError(
        422,
        parsed.issues.map((i) => i.message),
      )
    ownLocation(c, parsed.output.locationId)
    const { opportunity, created } = store.upsert(parsed.output)
    return c.json({ opportunity: present(services, opportunity), new: created, traceId: traceId() })
  })

  return app
}
