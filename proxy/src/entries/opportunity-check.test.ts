import assert from 'node:assert/strict'
import { test } from 'node:test'
import * as v from 'valibot'
import { createSandbox, SANDBOX, SANDBOX_PIPELINE } from '../../../demo/sandbox/index.ts'
import { Site, type SiteInput } from '../config/sites.ts'
import { buildProxy } from '../proxy.ts'
import { OpportunityConfigError } from '../services/opportunities/pipeline-check.ts'
import { checkOpportunitiesAtStart } from './opportunity-check.ts'

const NOW = Date.parse('2027-04-07T09:00:00Z')
const { id: PIPELINE, stages } = SANDBOX_PIPELINE

function setup(fields: Partial<SiteInput>, options: { down?: () => boolean } = {}) {
  const sandbox = createSandbox({ now: () => NOW })
  const lines: Record<string, unknown>[] = []
  const site = v.parse(Site, {
    id: 'acme',
    locationId: SANDBOX.locationId,
    calendars: Object.values(SANDBOX.calendars),
    origins: ['https://acme.test'],
    ...fields,
  })
  const proxy = buildProxy({
    sites: [site],
    tokenFor: () => SANDBOX.token,
    ghlApiBase: 'http://sandbox.test',
    clock: () => NOW,
    sleep: async () => {},
    fetch: async (input, init) => {
      if (options.down?.()) throw new TypeError('fetch failed')
      return sandbox.fetch(new Request(input, init))
    },
  })
  const check = () => checkOpportunitiesAtStart(proxy, { log: (line) => lines.push(line) })
  return { proxy, sandbox, lines, check }
}

const refusal = async (check: () => Promise<void>) => {
  const error = await check().then(
    () => assert.fail('expected the start to be refused'),
    (e: unknown) => e,
  )
  assert.ok(error instanceof OpportunityConfigError, String(error))
  return error.message
}

test('settings naming the sandbox pipeline and stages pass, asking GHL with the opportunities Version', async () => {
  const { check, lines, sandbox } = setup({
    opportunity: { pipelineId: PIPELINE, stageId: stages.booked, cancelledStageId: stages.cancelled },
  })
  await check()
  assert.deepEqual(
    lines.map((line) => line.msg),
    ['opportunities.checked'],
  )
  const [request] = sandbox.requests()
  assert.equal(request!.path, '/opportunities/pipelines')
})

test("an unknown stage stops the start, naming the site, the setting and the pipeline's stages", async () => {
  const { check } = setup({
    opportunity: { pipelineId: PIPELINE, stageId: stages.booked },
    calendarOpportunities: {
      [SANDBOX.calendars.session]: {
        pipelineId: PIPELINE,
        stageId: stages.newLead,
        cancelledStageId: 'stage-gone',
      },
    },
  })
  assert.equal(
    await refusal(check),
    `site "acme": calendarOpportunities.${SANDBOX.calendars.session}.cancelledStageId "stage-gone" is not a stage ` +
      `of pipeline "Booking pipeline" (${PIPELINE}); its stages: New lead (${stages.newLead}), ` +
      `Booked (${stages.booked}), Cancelled (${stages.cancelled})`,
  )
})

test("an unknown pipeline stops the start, listing the location's pipelines", async () => {
  const { check } = setup({ opportunity: { pipelineId: 'pipe-sales', stageId: stages.booked } })
  assert.match(
    await refusal(check),
    /^site "acme": opportunity\.pipelineId "pipe-sales" is not a pipeline of location loc-sandbox; its pipelines: Booking pipeline \(pipe-booking\)$/,
  )
})

test('GHL unreachable at start: the proxy starts, says so, and checks before the first opportunity', async () => {
  let down = true
  const { check, lines, proxy } = setup(
    { opportunity: { pipelineId: 'pipe-sales', stageId: stages.booked } },
    { down: () => down },
  )
  await check()
  assert.deepEqual(
    lines.map((line) => line.msg),
    ['opportunities.check_deferred'],
  )
  down = false
  await assert.rejects(
    proxy.opportunities!.verify(),
    OpportunityConfigError,
    'a failed read is not remembered',
  )
})

test('no site with opportunity settings: nothing to check, no GHL call', async () => {
  const { check, sandbox, proxy } = setup({})
  assert.equal(proxy.opportunities, undefined)
  await check()
  assert.deepEqual(sandbox.requests(), [])
})
