// A booking tags its contact without taking away the tags the contact already had in GHL.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SANDBOX } from '../demo/sandbox/index.ts'
import { callSandbox } from '../demo/sandbox/testing.ts'
import { proxyOnSandbox, visitor } from './support/proxy-on-sandbox.ts'

// A Monday noon in New York.
const NOW = Date.parse('2026-03-02T17:00:00Z')
const CAL = SANDBOX.calendars.consultation
const ZONE = 'America/New_York'

test('a returning contact keeps the tags it had and gains the site’s and the visit’s', async () => {
  const { sandbox, slots, book } = proxyOnSandbox({ now: NOW, site: { tags: ['booking-widget', 'site'] } })
  const before = await callSandbox(sandbox, `/contacts/${SANDBOX.contact.id}`)
  assert.deepEqual(before.body.contact.tags, ['customer'])

  const [slot] = (await slots(CAL, '2026-03-03', '2026-03-03', ZONE)).body.slots
  const jane = visitor(0, CAL, slot.start, ZONE, {
    contact: { firstName: 'Jane', lastName: 'Existing', email: SANDBOX.contact.email },
    attribution: { utm_source: 'newsletter' },
  })
  const res = await book(jane, 'returning-contact-1')
  assert.equal(res.status, 201)

  const after = await callSandbox(sandbox, `/contacts/${SANDBOX.contact.id}`)
  assert.deepEqual(after.body.contact.tags, ['customer', 'booking-widget', 'site', 'utm_source:newsletter'])
  assert.equal(sandbox.appointments()[0]?.contactId, SANDBOX.contact.id)
  // Tags are added, never sent with the upsert, where they would replace the contact's own.
  const paths = sandbox.requests().map((r) => `${r.method} ${r.path}`)
  assert.ok(paths.includes(`POST /contacts/${SANDBOX.contact.id}/tags`))
})

test('tagging fails: the booking still goes through, the contact keeps its tags, a warning is logged', async () => {
  const { sandbox, slots, book, lines } = proxyOnSandbox({
    now: NOW,
    intercept: (request) =>
      request.url.endsWith('/tags')
        ? Promise.resolve(Response.json({ statusCode: 503, message: 'Service Unavailable' }, { status: 503 }))
        : undefined,
  })
  const [slot] = (await slots(CAL, '2026-03-03', '2026-03-03', ZONE)).body.slots
  const jane = visitor(0, CAL, slot.start, ZONE, {
    contact: { firstName: 'Jane', lastName: 'Existing', email: SANDBOX.contact.email },
  })
  const res = await book(jane, 'tags-fail-key-1')
  assert.equal(res.status, 201)
  assert.equal(sandbox.appointments().length, 1)
  assert.deepEqual(sandbox.state().contacts.get(SANDBOX.contact.id)?.tags, ['customer'])
  assert.ok(lines.some((line) => line.msg === 'booking.tags_failed' && line.level === 'warn'))
})
