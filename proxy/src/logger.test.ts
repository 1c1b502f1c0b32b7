import assert from 'node:assert/strict'
import { test } from 'node:test'
import { routes } from '../../contract/schemas.ts'
import { GhlError } from './ghl/types.ts'
import { describeError, type LogEntry } from './logger.ts'
import { FAKE } from '../../test/support/fake-ghl.ts'
import { createFakeProxy, FAKE_ORIGIN } from '../../test/support/fake-proxy.ts'

const UPSTREAM_TEXT = 'Location loc-1 of agency Acme Holdings is not authorized for this scope'

test('describeError gives name, kind and status, never a message or a cause', () => {
  const error = new GhlError('rejected', UPSTREAM_TEXT, {
    status: 401,
    cause: new Error(UPSTREAM_TEXT),
  })
  assert.deepEqual(describeError(error), { error: 'GhlError', kind: 'rejected', status: 401 })
  assert.deepEqual(describeError('text'), { error: 'string' })
})

test('a 5xx answer is logged without GHL’s own text', async () => {
  const lines: LogEntry[] = []
  const { proxy, ghl } = createFakeProxy({ log: (entry) => lines.push(entry) })
  ghl.respond(() => Response.json({ statusCode: 401, message: UPSTREAM_TEXT }, { status: 401 }))
  const response = await proxy.app.request(routes.calendar('acme', FAKE.calendarId), {
    headers: { Origin: FAKE_ORIGIN },
  })
  assert.equal(response.status, 502)
  const error = lines.find((line) => line.msg === 'error')
  assert.ok(error)
  assert.equal(error.code, 'upstream_rejected')
  assert.equal(error.kind, 'rejected')
  assert.equal(error.status, 401)
  assert.ok(!JSON.stringify(lines).includes(UPSTREAM_TEXT), JSON.stringify(error))
})
