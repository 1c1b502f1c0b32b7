import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ConfigError, loadConfig } from './environment.ts'

const site = { id: 'acme', locationId: 'loc-1', calendars: ['cal-1'], origins: ['https://www.acme.com'] }
const load = (env: Record<string, string>, sites: unknown) => loadConfig(env, () => JSON.stringify(sites))
const SECRET = 'k'.repeat(43)
const OLD = 'o'.repeat(43)

test('booking links are off without MANAGE_SECRET, on with it, and the previous secret is accepted beside it', () => {
  assert.equal(load({ GHL_TOKEN: 'x' }, [site]).manage, undefined)
  assert.deepEqual(load({ GHL_TOKEN: 'x', MANAGE_SECRET: SECRET }, [site]).manage, { secret: SECRET })
  assert.deepEqual(
    load({ GHL_TOKEN: 'x', MANAGE_SECRET: SECRET, MANAGE_SECRET_PREVIOUS: OLD }, [site]).manage,
    { secret: SECRET, previousSecret: OLD },
  )
})

test('a short or spaced secret, a previous one alone or equal to the new one: refused, never printed', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ MANAGE_SECRET: 'short-secret-123' }, /env\.MANAGE_SECRET: Expected 32 to 512 visible ASCII/],
    [{ MANAGE_SECRET: `${'s'.repeat(20)} ${'t'.repeat(20)}` }, /env\.MANAGE_SECRET: Expected 32/],
    [{ MANAGE_SECRET_PREVIOUS: OLD }, /MANAGE_SECRET_PREVIOUS is set without MANAGE_SECRET/],
    [{ MANAGE_SECRET: SECRET, MANAGE_SECRET_PREVIOUS: SECRET }, /is the same as MANAGE_SECRET/],
  ]
  for (const [env, message] of cases) {
    assert.throws(
      () => load({ GHL_TOKEN: 'x', ...env }, [site]),
      (error: Error) =>
        error instanceof ConfigError &&
        message.test(error.message) &&
        Object.values(env).every((value) => !error.message.includes(value)),
      JSON.stringify(Object.keys(env)),
    )
  }
})

test("a site's manageUrl must be a page on one of its origins, and needs MANAGE_SECRET", () => {
  const linked = { ...site, manageUrl: 'https://www.acme.com/booking?from=mail' }
  const config = load({ GHL_TOKEN: 'x', MANAGE_SECRET: SECRET }, [linked])
  assert.equal(config.sites[0]!.manageUrl, linked.manageUrl)
  assert.deepEqual(config.sites[0]!.manage, {})
  assert.throws(
    () => load({ GHL_TOKEN: 'x' }, [linked]),
    /sites\[0\]\.manageUrl: booking links need MANAGE_SECRET/,
  )
  for (const [manageUrl, message] of [
    [
      'https://shop.acme.com/booking',
      /sites\[0\]\.manageUrl: The page's origin https:\/\/shop\.acme\.com must be one of/,
    ],
    ['ftp://www.acme.com/booking', /sites\[0\]\.manageUrl: Expected an http or https URL/],
    ['https://www.acme.com/booking#manage', /sites\[0\]\.manageUrl: Expected a URL without a #fragment/],
    ['booking', /sites\[0\]\.manageUrl: Expected the URL of a page/],
  ] as const) {
    assert.throws(() => load({ GHL_TOKEN: 'x', MANAGE_SECRET: SECRET }, [{ ...site, manageUrl }]), message)
  }
})

test("a site's manage rules: booleans, a notice of at most a year, a link field only with a manageUrl", () => {
  const env = { GHL_TOKEN: 'x', MANAGE_SECRET: SECRET }
  const rules = { reschedule: false, cancel: true, minNoticeHours: 24, linkField: 'Fld_Link-1' }
  const config = load(env, [{ ...site, manageUrl: 'https://www.acme.com/b', manage: rules }])
  assert.deepEqual(config.sites[0]!.manage, rules)
  assert.throws(
    () => load(env, [{ ...site, manage: { linkField: 'f1' } }]),
    /sites\[0\]\.manage: manage\.linkField needs a manageUrl/,
  )
  assert.throws(
    () => load(env, [{ ...site, manage: { minNoticeHours: 9_000 } }]),
    /sites\[0\]\.manage\.minNoticeHours: At most a year/,
  )
  assert.throws(
    () => load(env, [{ ...site, manage: { minNoticeHours: -1 } }]),
    /sites\[0\]\.manage\.minNoticeHours/,
  )
  assert.throws(
    () => load(env, [{ ...site, manage: { reschedule: 'no' } }]),
    /sites\[0\]\.manage\.reschedule/,
  )
  assert.throws(
    () => load(env, [{ ...site, manageUrl: 'https://www.acme.com/b', manage: { linkField: 'a b' } }]),
    /linkField: Expected the id of a GHL custom field/,
  )
})
