// Cloudflare Turnstile on a site's bookings, through the whole proxy, with the GHL sandbox's siteverify double:
// the calendar route names the site key, a booking needs a token that siteverify accepts, and a refused one
// reaches nothing in GHL.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SANDBOX, SANDBOX_TURNSTILE } from '../demo/sandbox/index.ts'
import { routes, type BookingRequestInput } from '../contract/schemas.ts'
import { ORIGIN, proxyOnSandbox, visitor, type ProxyOnSandboxOptions } from './support/proxy-on-sandbox.ts'

// A Monday noon in New York.
const NOW = Date.parse('2026-03-02T17:00:00Z')
const CAL = SANDBOX.calendars.consultation
const ZONE = 'America/New_York'
const NINE = '2026-03-03T09:00:00-05:00'

/** A site with Turnstile, its secret as the environment would give it, siteverify at the sandbox's double. */
function harness(options: Partial<ProxyOnSandboxOptions> & { secret?: string } = {}) {
  const secret = options.secret ?? SANDBOX_TURNSTILE.secret
  const pair = proxyOnSandbox({
    now: NOW,
    ...options,
    site: {
      turnstile: { siteKey: SANDBOX_TURNSTILE.siteKey, secretEnv: 'TURNSTILE_SECRET_SITE' },
      ...options.site,
    },
    proxy: {
      turnstileSecretFor: () => secret,
      turnstileVerifyUrl: 'http://sandbox.test/turnstile/v0/siteverify',
      clientIp: () => '203.0.113.9',
      ...options.proxy,
    },
  })
  const book = async (body: BookingRequestInput, key: string) => {
    const response = await pair.proxy.app.request(routes.bookings(pair.site.id), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key, origin: ORIGIN },
      body: JSON.stringify(body),
    })
    return { status: response.status, headers: response.headers, body: await response.json() }
  }
  return { ...pair, book }
}

const withToken = (n: number, start: string, turnstileToken?: string) =>
  visitor(n, CAL, start, ZONE, turnstileToken === undefined ? {} : { turnstileToken })

test('the calendar route names the site key only where the site has Turnstile', async () => {
  const on = harness()
  assert.equal((await on.calendar(CAL)).body.form.turnstileSiteKey, SANDBOX_TURNSTILE.siteKey)
  const off = proxyOnSandbox({ now: NOW })
  assert.equal('turnstileSiteKey' in (await off.calendar(CAL)).body.form, false)
})

test('no token: 400 challenge_required; a refused token: 403 challenge_failed; neither reaches GHL', async () => {
  const { sandbox, book, lines } = harness()
  const missing = await book(withToken(1, NINE), 'no-token-key-1')
  assert.equal(missing.status, 400)
  assert.equal(missing.body.error.code, 'challenge_required')
  assert.match(missing.body.error.message, /security check/)
  assert.equal(sandbox.turnstileVerifications().length, 0, 'nothing to verify, nobody asked')

  for (const [i, token] of ['fail-forged', 'expired-1'].entries()) {
    const refused = await book(withToken(1, NINE, token), `bad-token-key-${i}`)
    assert.equal(refused.status, 403, JSON.stringify(refused.body))
    assert.equal(refused.body.error.code, 'challenge_failed')
  }
  assert.equal(sandbox.requests().length, 0, 'no GHL call')
  assert.equal(sandbox.turnstileVerifications().length, 2)
  assert.ok(!JSON.stringify(lines).includes(SANDBOX_TURNSTILE.secret))
})

test('a solved challenge books once: verified with the visitor’s address, and spent', async () => {
  const { sandbox, book, lines } = harness()
  const res = await book(withToken(1, NINE, 'pass-visitor-1'), 'good-token-key-1')
  assert.equal(res.status, 201, JSON.stringify(res.body))
  const [verification] = sandbox.turnstileVerifications()
  assert.equal(verification?.response, 'pass-visitor-1')
  assert.equal(verification?.remoteip, '203.0.113.9')
  assert.match(
    verification?.idempotencyKey ?? '',
    /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  )
  // The same token for another booking is spent.
  const again = await book(withToken(2, '2026-03-03T09:30:00-05:00', 'pass-visitor-1'), 'good-token-key-2')
  assert.equal(again.status, 403)
  assert.equal(sandbox.appointments().length, 1)
  assert.ok(!JSON.stringify([lines, res.body, again.body]).includes(SANDBOX_TURNSTILE.secret))
})

test('a retry of a booking that met a GHL outage passes with the same token and key', async () => {
  let outage = true
  const { sandbox, book } = harness({
    intercept: async (request) =>
      outage && request.url.endsWith('/calendars/events/appointments')
        ? Response.json({ statusCode: 503, message: 'Service Unavailable' }, { status: 503 })
        : undefined,
  })
  const body = withToken(1, NINE, 'pass-retry-1')
  const first = await book(body, 'retried-key-0001')
  assert.equal(first.status, 503, JSON.stringify(first.body))
  outage = false
  const retry = await book(body, 'retried-key-0001')
  assert.equal(retry.status, 201, JSON.stringify(retry.body))
  // Siteverify answered the retry as the first attempt, by its idempotency key.
  const [a, b] = sandbox.turnstileVerifications()
  assert.equal(a?.idempotencyKey, b?.idempotencyKey)
  assert.deepEqual([a?.success, b?.success], [true, true])
  // A fresh token for the same booking under the same key is the same booking (the token is not fingerprinted).
  const replay = await book({ ...body, turnstileToken: 'pass-retry-2' }, 'retried-key-0001')
  assert.equal(replay.status, 201)
  assert.equal(replay.body.id, retry.body.id)
})

test('a secret Cloudflare refuses is the owner’s to fix: 502 naming the variable, never the value', async () => {
  const { sandbox, book, lines } = harness({ secret: 'not-the-secret' })
  const res = await book(withToken(1, NINE, 'pass-1'), 'wrong-secret-key-1')
  assert.equal(res.status, 502)
  assert.equal(res.body.error.code, 'upstream_rejected')
  assert.match(res.body.error.message, /TURNSTILE_SECRET_SITE/)
  assert.ok(!JSON.stringify([res.body, lines]).includes('not-the-secret'))
  assert.equal(sandbox.requests().length, 0)
})

test('siteverify out of reach or failing: 503 with Retry-After, and no GHL call', async () => {
  for (const answer of [
    () => Promise.reject(new TypeError('fetch failed')),
    () => Promise.resolve(new Response('<html>bad gateway</html>', { status: 502 })),
    () => Promise.resolve(Response.json({ succes: 'yes' })),
  ]) {
    const { sandbox, book } = harness({
      intercept: (request) => (request.url.includes('/turnstile/') ? answer() : undefined),
    })
    const res = await book(withToken(1, NINE, 'pass-1'), 'verify-down-key-1')
    assert.equal(res.status, 503, JSON.stringify(res.body))
    assert.equal(res.body.error.code, 'upstream_unavailable')
    assert.ok(Number(res.headers.get('retry-after')) >= 1)
    assert.equal(sandbox.requests().length, 0)
  }
  const { book } = harness()
  const internal = await book(withToken(1, NINE, 'error-1'), 'verify-error-key-1')
  assert.equal(internal.status, 503)
})

test('a token that is not one is a 400 on the field', async () => {
  const { book } = harness()
  const res = await book(withToken(1, NINE, 'two words'), 'bad-field-key-1')
  assert.equal(res.status, 400)
  assert.deepEqual(
    res.body.error.issues.map((issue: { path: string }) => issue.path),
    ['turnstileToken'],
  )
})

test('after a refused token, a new one under the same key is verified afresh, and books', async () => {
  const { sandbox, book } = harness()
  assert.equal((await book(withToken(1, NINE, 'fail-first'), 'same-key-new-token')).status, 403)
  const res = await book(withToken(1, NINE, 'pass-second'), 'same-key-new-token')
  assert.equal(res.status, 201, JSON.stringify(res.body))
  const [refused, passed] = sandbox.turnstileVerifications()
  assert.notEqual(refused?.idempotencyKey, passed?.idempotencyKey)
})
