import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ConfigError, parseSites } from './environment.ts'
import { opportunityFor } from './opportunity.ts'

const site = (fields: Record<string, unknown>) => ({
  id: 'acme',
  locationId: 'loc1',
  calendars: ['cal1', 'cal2'],
  origins: ['https://acme.test'],
  ...fields,
})

const refusal = (fields: Record<string, unknown>) => {
  try {
    parseSites(JSON.stringify([site(fields)]))
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error))
    return error.message
  }
  return assert.fail('expected the sites file to be refused')
}

test('opportunity settings: defaults for name and status, a calendar of its own or none', () => {
  const [parsed] = parseSites(
    JSON.stringify([
      site({
        opportunity: { pipelineId: 'pipe1', stageId: 'booked' },
        calendarOpportunities: {
          cal2: { pipelineId: 'pipe2', stageId: 'new', cancelledStageId: 'lost', monetaryValue: 120 },
        },
      }),
    ]),
  )
  assert.deepEqual(opportunityFor(parsed!, 'cal1'), {
    pipelineId: 'pipe1',
    stageId: 'booked',
    name: '{{contact.name}} – {{calendar.name}}',
    status: 'open',
  })
  assert.equal(opportunityFor(parsed!, 'cal2')?.pipelineId, 'pipe2')
  assert.equal(opportunityFor(parsed!, 'cal2')?.cancelledStageId, 'lost')
  const [off] = parseSites(
    JSON.stringify([
      site({
        opportunity: { pipelineId: 'pipe1', stageId: 'booked' },
        calendarOpportunities: { cal2: null },
      }),
    ]),
  )
  assert.equal(opportunityFor(off!, 'cal2'), undefined, 'null turns the site setting off for that calendar')
  assert.equal(opportunityFor(parseSites(JSON.stringify([site({})]))[0]!, 'cal1'), undefined)
})

test('opportunity settings: each mistake is named by its field', () => {
  assert.match(refusal({ opportunity: { stageId: 'booked' } }), /sites\[0\]\.opportunity\.pipelineId: /)
  assert.match(
    refusal({ opportunity: { pipelineId: 'p', stageId: '  ' } }),
    /sites\[0\]\.opportunity\.stageId: Expected the stage id/,
  )
  assert.match(
    refusal({ opportunity: { pipelineId: 'p', stageId: 's', status: 'closed' } }),
    /sites\[0\]\.opportunity\.status: /,
  )
  assert.match(
    refusal({ opportunity: { pipelineId: 'p', stageId: 's', monetaryValue: -5 } }),
    /opportunity\.monetaryValue: Expected 0 or more/,
  )
  assert.match(
    refusal({ opportunity: { pipelineId: 'p', stageId: 's', stage: 'x' } }),
    /opportunity\.stage: /,
  )
})

test('calendarOpportunities may only name calendars of the site', () => {
  const message = refusal({ calendarOpportunities: { cal9: { pipelineId: 'p', stageId: 's' } } })
  assert.match(
    message,
    /sites\[0\]\.calendarOpportunities: calendarOpportunities names cal9, not among the site's calendars \(cal1, cal2\)/,
  )
})
