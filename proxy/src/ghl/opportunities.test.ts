import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createGhlClient } from './client.ts'
import { createThrottle } from './throttle.ts'

/** A client whose fetch records each request and answers from `answer`. */
function setup(answer: (request: Request) => Response | Promise<Response>) {
  const requests: { request: Request; body: unknown }[] = []
  const clock = () => Date.parse('2030-01-06T12:00:00Z')
  const sleep = async () => {}
  const client = createGhlClient({
    baseUrl: 'https://ghl.test',
    tokenFor: () => 'pit-opportunity-test',
    clock,
    sleep,
    random: () => 0,
    throttle: createThrottle({ clock, sleep }),
    fetch: async (input, init) => {
      const request = new Request(input, init)
      const text = await request.clone().text()
      requests.push({ request, body: text ? JSON.parse(text) : undefined })
      return answer(request)
    },
  })
  return { client, requests }
}

test('getPipelines: GET /opportunities/pipelines?locationId= with Version 2021-07-28, stages as GHL sends them', async () => {
  const { client, requests } = setup(() =>
    Response.json({
      pipelines: [
        { id: 'p1', name: 'Sales', stages: [{ id: 's1', name: 'New', position: 0 }], showInFunnel: true },
        { id: 'p2', name: 'Empty' },
      ],
    }),
  )
  assert.deepEqual(await client.getPipelines('loc 1'), [
    { id: 'p1', name: 'Sales', stages: [{ id: 's1', name: 'New' }] },
    { id: 'p2', name: 'Empty', stages: [] },
  ])
  const { request } = requests[0]!
  assert.equal(request.method, 'GET')
  assert.equal(request.url, 'https://ghl.test/opportunities/pipelines?locationId=loc+1')
  assert.equal(request.headers.get('version'), '2021-07-28')
  assert.equal(request.headers.get('authorization'), 'Bearer pit-opportunity-test')
})

test('findOpenOpportunities: the search by location, pipeline, contact and status open', async () => {
  const { client, requests } = setup(() =>
    Response.json({
      opportunities: [{ id: 'o1', pipelineStageId: 's1', status: 'open', assignedTo: null }],
      meta: {},
    }),
  )
  assert.deepEqual(await client.findOpenOpportunities('loc1', 'p1', 'c1'), [
    { id: 'o1', pipelineStageId: 's1', status: 'open' },
  ])
  const url = new URL(requests[0]!.request.url)
  assert.equal(url.pathname, '/opportunities/search')
  assert.deepEqual(Object.fromEntries(url.searchParams), {
    location_id: 'loc1',
    pipeline_id: 'p1',
    contact_id: 'c1',
    status: 'open',
  })
  assert.equal(requests[0]!.request.headers.get('version'), '2021-07-28')
})

test('upsertOpportunity: POST with the body GHL requires; a 5xx is left to the background job, not retried here', async () => {
  let calls = 0
  const { client, requests } = setup(() =>
    ++calls === 1
      ? Response.json({ statusCode: 503, message: 'busy' }, { status: 503 })
      : Response.json({ opportunity: { id: 'o9', pipelineStageId: 's2' }, new: true }),
  )
  const input = {
    locationId: 'loc1',
    pipelineId: 'p1',
    contactId: 'c1',
    pipelineStageId: 's2',
    name: 'Ann Lee – Intro',
    status: 'open' as const,
    monetaryValue: 50,
  }
  const failed = await client.upsertOpportunity(input).catch((error) => error)
  assert.equal(failed.kind, 'unavailable')
  assert.equal(requests.length, 1, 'the 503 is not retried by the client')
  const out = await client.upsertOpportunity(input)
  assert.deepEqual(out, { opportunity: { id: 'o9', pipelineStageId: 's2' }, created: true })
  assert.equal(requests.length, 2, 'one attempt each')
  const { request, body } = requests[1]!
  assert.equal(request.method, 'POST')
  assert.equal(new URL(request.url).pathname, '/opportunities/upsert')
  assert.equal(request.headers.get('version'), '2021-07-28')
  assert.equal(request.headers.get('content-type'), 'application/json')
  assert.deepEqual(body, {
    locationId: 'loc1',
    pipelineId: 'p1',
    contactId: 'c1',
    pipelineStageId: 's2',
    name: 'Ann Lee – Intro',
    status: 'open',
    monetaryValue: 50,
    followers: [],
    isRemoveAllFollowers: false,
    followersActionType: 'add',
  })
})

test("an upsert answer without the opportunity id is malformed, and a 400 is GHL's verdict, not retried", async () => {
  const malformed = setup(() => Response.json({ opportunity: {}, new: true }))
  await assert.rejects(
    malformed.client.upsertOpportunity({ locationId: 'l', pipelineId: 'p', contactId: 'c' }),
    (error: Error & { kind?: string }) => error.kind === 'malformed',
  )
  const refused = setup(() =>
    Response.json({ statusCode: 400, message: 'Pipeline stage not found' }, { status: 400 }),
  )
  await assert.rejects(
    refused.client.upsertOpportunity({ locationId: 'l', pipelineId: 'p', contactId: 'c' }),
    (error: Error & { kind?: string }) =>
      error.kind === 'rejected' && error.message === 'Pipeline stage not found',
  )
  assert.equal(refused.requests.length, 1)
})
