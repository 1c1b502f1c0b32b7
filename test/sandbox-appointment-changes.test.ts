// How the sandbox changes appointments (PUT /calendars/events/appointments/{id}) and contacts (PUT /contacts/{id}):
// a move checks the free-slot grid as a create does, a repeated move lands where the first did, a cancelled
// appointment takes no time until it is reopened, and every change is an AppointmentUpdate webhook.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createSandbox, SANDBOX } from '../demo/sandbox/index.ts'
import { bookSlot, callSandbox, manualClock, upsertContact } from '../demo/sandbox/testing.ts'

const { consultation } = SANDBOX.calendars
// Monday 9:00 in New York; Wednesday 4 March is open 9-17.
const NOW = '2026-03-02T14:00:00Z'
const NINE = '2026-03-04T09:00:00-05:00'
const TEN = '2026-03-04T10:00:00-05:00'
const ELEVEN = '2026-03-04T11:00:00-05:00'

async function setup() {
  const deliveries: string[] = []
  const sandbox = createSandbox({
    now: manualClock(NOW),
    webhook: {
      url: 'https://proxy.test/v1/webhooks/ghl',
      fetch: async (_input, init) => {
        deliveries.push(JSON.parse(String(new TextDecoder().decode(init!.body as Uint8Array))).type)
        return new Response('{}')
      },
    },
  })
  const ann = await upsertContact(sandbox, 'ann@example.com')
  const bob = await upsertContact(sandbox, 'bob@example.com')
  const put = (id: string, body: object) =>
    callSandbox(sandbox, `/calendars/events/appointments/${id}`, { method: 'PUT', body })
  const startOf = (id: string) =>
    sandbox.appointments().find((a) => a.id === id)!.startTime as unknown as string
  return { sandbox, ann, bob, put, startOf, deliveries }
}

test('a move must land on a free slot, as a create must; with ignoreFreeSlotValidation it need not', async () => {
  const { sandbox, ann, bob, put, startOf } = await setup()
  const a = await bookSlot(sandbox, consultation, ann, NINE)
  const b = await bookSlot(sandbox, consultation, bob, TEN)
  assert.deepEqual([a.status, b.status], [200, 200])

  const taken = await put(a.body.id, { startTime: TEN })
  assert.equal(taken.status, 400)
  assert.equal(taken.body.message, 'The slot you have selected is no longer available.')
  const offGrid = await put(a.body.id, { startTime: '2026-03-04T09:10:00-05:00' })
  assert.equal(offGrid.status, 400)
  assert.equal(startOf(a.body.id), NINE, 'a refused move leaves the appointment where it was')

  const moved = await put(a.body.id, { startTime: ELEVEN })
  assert.equal(moved.status, 200)
  assert.equal(moved.body.startTime, ELEVEN)
  assert.equal(moved.body.endTime, '2026-03-04T11:30:00-05:00', 'the length is kept')
  // The same move again: the appointment holds that slot, so it lands where it is.
  const again = await put(a.body.id, { startTime: ELEVEN })
  assert.equal(again.status, 200)
  assert.equal(sandbox.appointments().length, 2)

  const forced = await put(a.body.id, { startTime: TEN, ignoreFreeSlotValidation: true })
  assert.equal(forced.status, 200)
  assert.equal(startOf(a.body.id), TEN)
})

test('two moves into one slot at once: one lands, the other is refused', async () => {
  const { sandbox, ann, bob, put } = await setup()
  const a = await bookSlot(sandbox, consultation, ann, NINE)
  const b = await bookSlot(sandbox, consultation, bob, TEN)
  const results = await Promise.all([
    put(a.body.id, { startTime: ELEVEN }),
    put(b.body.id, { startTime: ELEVEN }),
  ])
  assert.deepEqual(results.map((r) => r.status).sort(), [200, 400])
  assert.equal(sandbox.appointments().filter((x) => x.startTime === ELEVEN).length, 1)
})

test('a cancelled appointment keeps its history, takes no time, and must find its slot free to reopen', async () => {
  const { sandbox, ann, bob, put, deliveries } = await setup()
  const a = await bookSlot(sandbox, consultation, ann, NINE)
  const cancelled = await put(a.body.id, { appointmentStatus: 'cancelled', description: 'Reason: ill' })
  assert.equal(cancelled.status, 200)
  assert.equal(cancelled.body.appointmentStatus, 'cancelled')
  const event = await callSandbox(sandbox, `/calendars/events/appointments/${a.body.id}`)
  assert.equal(event.body.event.appointmentStatus, 'cancelled')
  assert.equal(event.body.event.description, 'Reason: ill')

  // Its slot is free: another contact books it.
  const b = await bookSlot(sandbox, consultation, bob, NINE)
  assert.equal(b.status, 200)
  // Reopening at its old start now finds it taken; moved elsewhere while still cancelled, nothing is checked.
  const reopen = await put(a.body.id, { appointmentStatus: 'confirmed' })
  assert.equal(reopen.status, 400)
  assert.equal(reopen.body.message, 'The slot you have selected is no longer available.')
  const movedCancelled = await put(a.body.id, { startTime: TEN })
  assert.equal(movedCancelled.status, 200)
  const reopened = await put(a.body.id, { appointmentStatus: 'confirmed' })
  assert.equal(reopened.status, 200)
  assert.equal(reopened.body.startTime, TEN)

  await sandbox.settle()
  assert.deepEqual(deliveries, [
    'AppointmentCreate',
    'AppointmentUpdate',
    'AppointmentCreate',
    'AppointmentUpdate',
    'AppointmentUpdate',
  ])
})

test('PUT /contacts/{id} sets custom fields by id and leaves the rest of the contact', async () => {
  const { sandbox, ann } = await setup()
  const put = (body: object) => callSandbox(sandbox, `/contacts/${ann}`, { method: 'PUT', body })
  const first = await put({ customFields: [{ id: 'fld-link', field_value: 'https://a.test/1' }] })
  assert.equal(first.status, 200)
  assert.equal(first.body.succeded, true)
  await put({ customFields: [{ id: 'fld-other', field_value: 'x' }] })
  const second = await put({ customFields: [{ id: 'fld-link', field_value: 'https://a.test/2' }] })
  assert.deepEqual(second.body.contact.customFields, [
    { id: 'fld-other', value: 'x' },
    { id: 'fld-link', value: 'https://a.test/2' },
  ])
  assert.equal(second.body.contact.email, 'ann@example.com')
  assert.equal(second.body.contact.firstName, 'Vera')
  const missing = await callSandbox(sandbox, '/contacts/ctc-missing', { method: 'PUT', body: {} })
  assert.equal(missing.status, 400)
  const bad = await put({ customFields: 'link' })
  assert.equal(bad.status, 422)
})
