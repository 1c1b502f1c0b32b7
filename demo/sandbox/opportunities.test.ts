import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createSandbox, SANDBOX, SANDBOX_PIPELINE } from './index.ts'
import { callSandbox, upsertContact } from './testing.ts'

const NOW = Date.parse('2027-04-07T09:00:00Z')
const { id: PIPELINE, stages } = SANDBOX_PIPELINE
const upsert = (extra: Record<string, unknown>) => ({
  locationId: SANDBOX.locationId,
  pipelineId: PIPELINE,
  followers: [],
  isRemoveAllFollowers: false,
  followersActionType: 'add',
  ...extra,
})

test("pipelines: the seeded one with its stages, for the token's location only, with the Version of the spec", async () => {
  const sandbox = createSandbox({ now: () => NOW })
  const { status, body } = await callSandbox(
    sandbox,
    `/opportunities/pipelines?locationId=${SANDBOX.locationId}`,
  )
  assert.equal(status, 200)
  assert.deepEqual(
    body.pipelines.map((p: any) => [p.name, p.stages.map((s: any) => s.name)]),
    [['Booking pipeline', ['New lead', 'Booked', 'Cancelled']]],
  )
  const wrongVersion = await callSandbox(
    sandbox,
    `/opportunities/pipelines?locationId=${SANDBOX.locationId}`,
    {
      headers: { version: '2021-04-15' },
    },
  )
  assert.equal(wrongVersion.status, 400)
  assert.match(wrongVersion.body.message, /2021-07-28/)
  assert.equal((await callSandbox(sandbox, '/opportunities/pipelines?locationId=other')).status, 403)
})

test('upsert: one opportunity per contact and pipeline, found by contact or id and moved between stages', async () => {
  const sandbox = createSandbox({ now: () => NOW })
  const contactId = await upsertContact(sandbox)
  const first = await callSandbox(sandbox, '/opportunities/upsert', {
    method: 'POST',
    body: upsert({ contactId, pipelineStageId: stages.booked, name: 'Vera – Intro', monetaryValue: 80 }),
  })
  assert.equal(first.status, 200)
  assert.equal(first.body.new, true)
  assert.equal(first.body.opportunity.pipelineStageId, stages.booked)
  assert.equal(first.body.opportunity.status, 'open')
  const again = await callSandbox(sandbox, '/opportunities/upsert', {
    method: 'POST',
    body: upsert({ contactId, pipelineStageId: stages.newLead }),
  })
  assert.equal(again.body.new, false)
  assert.equal(again.body.opportunity.id, first.body.opportunity.id)
  const byId = await callSandbox(sandbox, '/opportunities/upsert', {
    method: 'POST',
    body: upsert({ id: first.body.opportunity.id, pipelineStageId: stages.cancelled }),
  })
  assert.equal(byId.body.new, false)
  assert.deepEqual(
    sandbox.opportunities().map((o) => [o.name, o.pipelineStageId, o.monetaryValue]),
    [['Vera – Intro', stages.cancelled, 80]],
  )
  const found = await callSandbox(
    sandbox,
    `/opportunities/search?location_id=${SANDBOX.locationId}&pipeline_id=${PIPELINE}&contact_id=${contactId}&status=open`,
  )
  assert.deepEqual(
    found.body.opportunities.map((o: any) => o.id),
    [first.body.opportunity.id],
  )
  const control = await sandbox.app.request('/_sandbox/opportunities')
  assert.equal((await control.json()).opportunities.length, 1)
  sandbox.reset()
  assert.deepEqual(sandbox.opportunities(), [])
})

test("upsert: refusals in GHL's shapes", async () => {
  const sandbox = createSandbox({ now: () => NOW })
  const contactId = await upsertContact(sandbox)
  const post = (body: unknown) => callSandbox(sandbox, '/opportunities/upsert', { method: 'POST', body })
  const unknownStage = await post(upsert({ contactId, pipelineStageId: 'stage-x' }))
  assert.deepEqual([unknownStage.status, unknownStage.body.message], [400, 'Pipeline stage not found'])
  assert.equal((await post(upsert({ contactId, pipelineId: 'pipe-x' }))).body.message, 'Pipeline not found')
  assert.equal((await post(upsert({ contactId: 'ctc-nobody' }))).body.message, 'Contact not found')
  assert.equal((await post(upsert({ id: 'opp-nothing' }))).body.message, 'Opportunity not found')
  const noFollowers = await post({ locationId: SANDBOX.locationId, pipelineId: PIPELINE, contactId })
  assert.equal(noFollowers.status, 422)
  assert.ok(noFollowers.body.message.includes('followers must be an array'), noFollowers.body.message)
  assert.equal((await post(upsert({ contactId, locationId: 'other' }))).status, 403)
  assert.deepEqual(sandbox.opportunities(), [])
})

test('faults can be limited to some paths: the opportunity calls fail, the others do not', async () => {
  const sandbox = createSandbox({ now: () => NOW, random: () => 0 })
  sandbox.setFaults({ errorRate: 1, afterEffectRate: 0, paths: ['/opportunities'] })
  const contactId = await upsertContact(sandbox)
  const failed = await callSandbox(sandbox, '/opportunities/upsert', {
    method: 'POST',
    body: upsert({ contactId }),
  })
  assert.ok(failed.status >= 500, String(failed.status))
  assert.deepEqual(sandbox.opportunities(), [])
  sandbox.setFaults({ paths: [] })
  assert.ok(
    (
      await callSandbox(sandbox, '/contacts/upsert', {
        method: 'POST',
        body: { locationId: SANDBOX.locationId, email: 'x@example.com' },
      })
    ).status >= 500,
  )
})
