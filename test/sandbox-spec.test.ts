// The sandbox against GHL's official OpenAPI specs: every response validates against the schema of its operation
// and status, and requests missing what the spec requires are refused.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import { createSandbox, SANDBOX } from '../demo/sandbox/index.ts'
import { bookSlot, callSandbox, manualClock, upsertContact } from '../demo/sandbox/testing.ts'
import { authorize, exchangeCode, postForm, tokenRequest } from '../demo/sandbox/oauth-testing.ts'

const specDir = new URL('../../shared/ghl-openapi/', import.meta.url)
const files = [
  'apps/calendars.json',
  'apps/contacts.json',
  'apps/locations.json',
  'apps/oauth.json',
  'apps/users.json',
  'common/common-schemas.json',
]
const missing = files.find((f) => !existsSync(fileURLToPath(new URL(f, specDir))))
const skip = missing ? `GHL specs not found (${fileURLToPath(new URL(missing, specDir))}): skipped` : false

type Json = any
const BASE = 'https://specs.ghl.test/'

/**
 * Prepares a spec document for a JSON-schema validator: `$ref`s made absolute, and one known spec defect fixed:
 * NestJS `Date` fields are declared `type: object` with string examples (CalendarEventDTO.startTime and others)
 * while GHL sends strings.
 */
function prepare(node: Json, fileUrl: string): Json {
  if (Array.isArray(node)) return node.map((n) => prepare(n, fileUrl))
  if (!node || typeof node !== 'object') return node
  const out: Json = {}
  for (const [key, value] of Object.entries(node)) {
    out[key] =
      key === '$ref' && typeof value === 'string' ? new URL(value, fileUrl).href : prepare(value, fileUrl)
  }
  if (out.type === 'object' && !out.properties && typeof out.example === 'string')
    out.type = ['object', 'string']
  return out
}

function loadValidators() {
  const ajv = new Ajv({ strict: false, allErrors: true })
  addFormats.default(ajv)
  const docs = new Map<string, Json>()
  for (const file of files) {
    const raw = JSON.parse(readFileSync(fileURLToPath(new URL(file, specDir)), 'utf8'))
    const doc = prepare(raw, BASE + file)
    docs.set(file, doc)
    ajv.addSchema({ $id: BASE + file, components: doc.components }, BASE + file)
  }
  const cache = new Map<string, ValidateFunction>()
  /** The validator of one response: operation `METHOD path` of a spec file, and a status. */
  return (file: string, method: string, path: string, status: number): ValidateFunction => {
    const key = `${file} ${method} ${path} ${status}`
    let validate = cache.get(key)
    if (!validate) {
      const operation = docs.get(file).paths[path]?.[method.toLowerCase()]
      assert.ok(operation, `no operation ${method} ${path} in ${file}`)
      const response = operation.responses[String(status)]
      assert.ok(response, `${method} ${path} documents no ${status} response`)
      validate = ajv.compile(response.content['application/json'].schema)
      cache.set(key, validate)
    }
    return validate
  }
}

const validator = skip ? undefined : loadValidators()

/** Asserts that a body matches the spec's schema for that operation and status. */
function assertMatchesSpec(file: string, method: string, path: string, status: number, body: Json) {
  const validate = validator!(file, method, path, status)
  assert.ok(validate(body), `${method} ${path} ${status}: ${JSON.stringify(validate.errors, null, 1)}`)
}

const CAL = 'apps/calendars.json'
const CONTACTS = 'apps/contacts.json'
const start = Date.parse('2026-03-02T14:00:00Z') // Monday 9:00 in New York

test('every success response of the sandbox matches its schema in the official specs', { skip }, async () => {
  const sandbox = createSandbox({ now: manualClock(start) })
  const cal = SANDBOX.calendars.consultation

  const location = await callSandbox(sandbox, `/locations/${SANDBOX.locationId}`)
  assert.equal(location.status, 200)
  assertMatchesSpec('apps/locations.json', 'GET', '/locations/{locationId}', 200, location.body)
  assert.equal(location.body.location.timezone, 'America/New_York')

  const user = await callSandbox(sandbox, `/users/${SANDBOX.users.ava}`)
  assert.equal(user.status, 200)
  assertMatchesSpec('apps/users.json', 'GET', '/users/{userId}', 200, user.body)
  assert.equal(user.body.name, 'Ava Smith')

  const list = await callSandbox(sandbox, `/calendars/?locationId=${SANDBOX.locationId}`)
  assertMatchesSpec(CAL, 'GET', '/calendars/', 200, list.body)
  assert.equal(list.body.calendars.length, 5)

  // Every seeded calendar: their members' meeting locations (and the deprecated pair) as the spec has them.
  for (const id of Object.values(SANDBOX.calendars)) {
    const calendar = await callSandbox(sandbox, `/calendars/${id}`)
    assertMatchesSpec(CAL, 'GET', '/calendars/{calendarId}', 200, calendar.body)
  }

  const slots = await callSandbox(
    sandbox,
    `/calendars/${cal}/free-slots?startDate=${start}&endDate=${start + 7 * 86_400_000}`,
  )
  assert.equal(typeof slots.body.traceId, 'string')
  // Real responses carry `traceId` beside the date keys, which the spec's `additionalProperties` does not foresee.
  const { traceId: _trace, ...dates } = slots.body
  assertMatchesSpec(CAL, 'GET', '/calendars/{calendarId}/free-slots', 200, dates)
  const first = (Object.values(dates)[0] as { slots: string[] }).slots[0]!

  const upsert = await callSandbox(sandbox, '/contacts/upsert', {
    method: 'POST',
    body: {
      locationId: SANDBOX.locationId,
      firstName: 'Ann',
      lastName: 'Lee',
      email: 'ann@example.com',
      tags: ['x'],
    },
  })
  assertMatchesSpec(CONTACTS, 'POST', '/contacts/upsert', 200, upsert.body)
  const contact = await callSandbox(sandbox, `/contacts/${upsert.body.contact.id}`)
  assertMatchesSpec(CONTACTS, 'GET', '/contacts/{contactId}', 200, contact.body)
  const tagged = await callSandbox(sandbox, `/contacts/${upsert.body.contact.id}/tags`, {
    method: 'POST',
    body: { tags: ['y'] },
  })
  assert.equal(tagged.status, 201)
  assertMatchesSpec(CONTACTS, 'POST', '/contacts/{contactId}/tags', 201, tagged.body)
  const updated = await callSandbox(sandbox, `/contacts/${upsert.body.contact.id}`, {
    method: 'PUT',
    body: { customFields: [{ id: 'fld-link', field_value: 'https://site.test/book?ghl-booking=x' }] },
  })
  assert.equal(updated.status, 200)
  assertMatchesSpec(CONTACTS, 'PUT', '/contacts/{contactId}', 200, updated.body)

  const created = await bookSlot(sandbox, cal, upsert.body.contact.id, first)
  assert.equal(created.status, 200)
  assertMatchesSpec(CAL, 'POST', '/calendars/events/appointments', 200, created.body)

  const event = await callSandbox(sandbox, `/calendars/events/appointments/${created.body.id}`)
  assertMatchesSpec(CAL, 'GET', '/calendars/events/appointments/{eventId}', 200, event.body)

  const edited = await callSandbox(sandbox, `/calendars/events/appointments/${created.body.id}`, {
    method: 'PUT',
    body: { title: 'Renamed' },
  })
  assertMatchesSpec(CAL, 'PUT', '/calendars/events/appointments/{eventId}', 200, edited.body)

  const events = await callSandbox(sandbox, `/contacts/${upsert.body.contact.id}/appointments`)
  assertMatchesSpec(CONTACTS, 'GET', '/contacts/{contactId}/appointments', 200, events.body)
  assert.equal(events.body.events.length, 1)

  const deleted = await callSandbox(sandbox, `/calendars/events/${created.body.id}`, {
    method: 'DELETE',
    body: {},
  })
  assertMatchesSpec(CAL, 'DELETE', '/calendars/events/{eventId}', 201, deleted.body)
})

test(
  'the OAuth endpoints answer as apps/oauth.json documents, and refuse a body missing a required field',
  { skip },
  async () => {
    const OAUTH = 'apps/oauth.json'
    const sandbox = createSandbox({ now: manualClock(start) })
    const { oauth } = SANDBOX

    const location = await exchangeCode(sandbox, await authorize(sandbox, oauth.locations.sandbox))
    assert.equal(location.status, 200)
    assertMatchesSpec(OAUTH, 'POST', '/oauth/token', 200, location.body)
    const company = await exchangeCode(sandbox, await authorize(sandbox, oauth.companyId))
    assertMatchesSpec(OAUTH, 'POST', '/oauth/token', 200, company.body)
    const headers = { authorization: `Bearer ${company.body.access_token}`, version: '2021-07-28' }
    const fields = { companyId: oauth.companyId, locationId: oauth.locations.branch }
    const minted = await postForm(sandbox, '/oauth/locationToken', fields, headers)
    assert.equal(minted.status, 200)
    assertMatchesSpec(OAUTH, 'POST', '/oauth/locationToken', 200, minted.body)

    const invalidGrant = await tokenRequest(sandbox, {
      grant_type: 'refresh_token',
      refresh_token: 'used-or-unknown',
    })
    assert.equal(invalidGrant.status, 400)
    assertMatchesSpec(OAUTH, 'POST', '/oauth/token', 400, invalidGrant.body)
    const wrongSecret = await tokenRequest(sandbox, {
      client_secret: 'x',
      grant_type: 'refresh_token',
      refresh_token: 'y',
    })
    assert.equal(wrongSecret.status, 401)
    assertMatchesSpec(OAUTH, 'POST', '/oauth/token', 401, wrongSecret.body)
    const notInstalled = await postForm(
      sandbox,
      '/oauth/locationToken',
      { ...fields, locationId: 'loc-x' },
      headers,
    )
    assert.equal(notInstalled.status, 400)
    assertMatchesSpec(OAUTH, 'POST', '/oauth/locationToken', 400, notInstalled.body)

    // Every field each body schema requires, taken away one at a time: 422 with the spec's body.
    const schemas = readSpec(OAUTH).components.schemas
    const full: Record<string, string> = {
      client_id: oauth.clientId,
      client_secret: oauth.clientSecret,
      grant_type: 'refresh_token',
      refresh_token: 'whatever',
    }
    for (const field of schemas.GetAccessCodebodyDto.required as string[]) {
      const { [field]: _gone, ...rest } = full
      const res = await postForm(sandbox, '/oauth/token', rest)
      assert.equal(res.status, 422, `without ${field}`)
      assertMatchesSpec(OAUTH, 'POST', '/oauth/token', 422, res.body)
    }
    for (const field of schemas.GetLocationAccessCodeBodyDto.required as string[]) {
      const { [field as keyof typeof fields]: _gone, ...rest } = fields
      const res = await postForm(sandbox, '/oauth/locationToken', rest, headers)
      assert.equal(res.status, 422, `without ${field}`)
      assertMatchesSpec(OAUTH, 'POST', '/oauth/locationToken', 422, res.body)
    }
  },
)

test('requests missing what the spec requires are refused with GHL error bodies', { skip }, async () => {
  const sandbox = createSandbox({ now: manualClock(start) })
  const contactId = await upsertContact(sandbox)
  const cal = SANDBOX.calendars.consultation

  const noAuth = await callSandbox(sandbox, `/calendars/${cal}`, { headers: { authorization: '' } })
  assert.equal(noAuth.status, 401)
  assertMatchesSpec(CAL, 'GET', '/calendars/{calendarId}', 401, noAuth.body)
  const wrongToken = await callSandbox(sandbox, `/calendars/${cal}`, {
    headers: { authorization: 'Bearer pit-other' },
  })
  assert.equal(wrongToken.status, 401)

  const noVersion = await callSandbox(sandbox, `/calendars/${cal}`, { headers: { version: '' } })
  assert.equal(noVersion.status, 400)
  assertMatchesSpec(CAL, 'GET', '/calendars/{calendarId}', 400, noVersion.body)

  // Every required query parameter of free-slots and list-calendars.
  for (const query of [`endDate=${start + 86_400_000}`, `startDate=${start}`, 'startDate=abc&endDate=1']) {
    const res = await callSandbox(sandbox, `/calendars/${cal}/free-slots?${query}`)
    assert.equal(res.status, 400, query)
    assertMatchesSpec(CAL, 'GET', '/calendars/{calendarId}/free-slots', 400, res.body)
  }
  const noLocation = await callSandbox(sandbox, '/calendars/')
  assert.equal(noLocation.status, 400)

  // Every field the spec lists as required for create-appointment, taken away one at a time.
  const slots = await callSandbox(
    sandbox,
    `/calendars/${cal}/free-slots?startDate=${start}&endDate=${start + 3 * 86_400_000}`,
  )
  const slot = (Object.values(slots.body) as Json[]).find((d) => d?.slots).slots[0]
  const full = { calendarId: cal, locationId: SANDBOX.locationId, contactId, startTime: slot }
  const required = readSpec(CAL).components.schemas.AppointmentCreateSchema.required as (keyof typeof full)[]
  assert.deepEqual([...required].sort(), Object.keys(full).sort())
  for (const field of required) {
    const { [field]: _dropped, ...body } = full
    const res = await callSandbox(sandbox, '/calendars/events/appointments', { method: 'POST', body })
    assert.equal(res.status, 400, `without ${field}`)
    assert.match(res.body.message, new RegExp(field))
    assertMatchesSpec(CAL, 'POST', '/calendars/events/appointments', 400, res.body)
  }
  assert.equal(sandbox.appointments().length, 0)

  // Upsert requires locationId; the contacts API answers class-validator's 422.
  const upsert = await callSandbox(sandbox, '/contacts/upsert', {
    method: 'POST',
    body: { email: 'x@example.com' },
  })
  assert.equal(upsert.status, 422)
  assertMatchesSpec(CONTACTS, 'POST', '/contacts/upsert', 422, upsert.body)
  const badEmail = await callSandbox(sandbox, '/contacts/upsert', {
    method: 'POST',
    body: { locationId: SANDBOX.locationId, email: 'not-an-email' },
  })
  assert.equal(badEmail.status, 422)

  const taken = await bookSlot(sandbox, cal, contactId, '2026-03-02T03:00:00-05:00')
  assert.equal(taken.status, 400)
  assertMatchesSpec(CAL, 'POST', '/calendars/events/appointments', 400, taken.body)
})

test('contact tags: an upsert with tags replaces them all, add-tags adds without duplicates', async () => {
  const sandbox = createSandbox({ now: manualClock(start) })
  const id = SANDBOX.contact.id
  const tags = async () => (await callSandbox(sandbox, `/contacts/${id}`)).body.contact.tags
  assert.deepEqual(await tags(), ['customer'])
  const add = (body: unknown) => callSandbox(sandbox, `/contacts/${id}/tags`, { method: 'POST', body })
  const added = await add({ tags: ['vip', 'customer', 'vip'] })
  assert.equal(added.status, 201)
  assert.deepEqual(added.body.tags, ['customer', 'vip'])
  assert.deepEqual(await tags(), ['customer', 'vip'])

  // An upsert without tags leaves them; with tags, they are all the contact keeps.
  const upsert = (extra: object) =>
    callSandbox(sandbox, '/contacts/upsert', {
      method: 'POST',
      body: { locationId: SANDBOX.locationId, email: SANDBOX.contact.email, ...extra },
    })
  assert.equal((await upsert({ firstName: 'Jane' })).status, 200)
  assert.deepEqual(await tags(), ['customer', 'vip'])
  assert.equal((await upsert({ tags: ['booking-widget'] })).status, 200)
  assert.deepEqual(await tags(), ['booking-widget'])

  assert.equal((await add({})).status, 422)
  assert.equal((await add({ tags: 'vip' })).status, 422)
  const unknown = await callSandbox(sandbox, '/contacts/ctc-nobody/tags', {
    method: 'POST',
    body: { tags: [] },
  })
  assert.equal(unknown.status, 400)
  assert.equal((await callSandbox(sandbox, '/contacts/ctc-nobody')).status, 400)
})

test('a Version other than the one the spec enumerates for the resource is refused with 400', async () => {
  const sandbox = createSandbox({ now: manualClock(start) })
  const contactId = await upsertContact(sandbox)
  const routes = [
    `/calendars/${SANDBOX.calendars.consultation}`,
    `/calendars/?locationId=${SANDBOX.locationId}`,
    `/contacts/${contactId}/appointments`,
    `/locations/${SANDBOX.locationId}`,
    `/users/${SANDBOX.users.ben}`,
  ]
  for (const path of routes) {
    assert.equal((await callSandbox(sandbox, path)).status, 200, path)
    // The other resource's value, and the SDK's default `2023-02-21`: both wrong for every route here.
    const other = path.startsWith('/calendars') ? '2021-07-28' : '2021-04-15'
    for (const version of [other, '2023-02-21']) {
      const res = await callSandbox(sandbox, path, { headers: { version } })
      assert.equal(res.status, 400, `${path} with ${version}`)
      assert.equal(res.body.statusCode, 400)
      assert.match(res.body.message, /version/i)
      if (!skip) {
        const [file, specPath] = path.startsWith('/calendars/?')
          ? [CAL, '/calendars/']
          : path.startsWith('/calendars')
            ? [CAL, '/calendars/{calendarId}']
            : path.startsWith('/contacts')
              ? [CONTACTS, '/contacts/{contactId}/appointments']
              : path.startsWith('/users')
                ? ['apps/users.json', '/users/{userId}']
                : ['apps/locations.json', '/locations/{locationId}']
        assertMatchesSpec(file, 'GET', specPath, 400, res.body)
      }
    }
  }
  const log = sandbox.requests().filter((r) => r.status === 400)
  assert.equal(log.length, routes.length * 2)
  assert.ok(log.every((r) => r.version === '2023-02-21' || /^2021-/.test(r.version ?? '')))
})

function readSpec(file: string): Json {
  return JSON.parse(readFileSync(fileURLToPath(new URL(file, specDir)), 'utf8'))
}
