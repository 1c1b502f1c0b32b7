import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createOAuthClient, OAuthError } from './ghl-oauth.ts'

const SECRET = 'client-secret-never-shown'

/** A client over a fetch that records each request and answers `answer`. */
function setup(answer: () => Response | Promise<Response>) {
  const requests: Request[] = []
  const client = createOAuthClient({
    clientId: 'client-1',
    clientSecret: SECRET,
    baseUrl: 'https://ghl.test/',
    timeoutMs: 50,
    fetch: async (input, init) => {
      requests.push(new Request(input, init))
      // As fetch does: the signal's abort ends a request still waiting for its answer.
      const aborted = new Promise<never>((_, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)),
      )
      return Promise.race([answer(), aborted])
    },
  })
  return { client, requests }
}

const pair = {
  access_token: 'access-1',
  refresh_token: 'refresh-1',
  token_type: 'Bearer',
  expires_in: 86_399,
  userType: 'Location',
  locationId: 'loc-1',
  companyId: 'cmp-1',
}

test('/oauth/token is form-encoded without a Version header; /oauth/locationToken has one and the company token', async () => {
  const { client, requests } = setup(() => Response.json(pair))
  assert.equal((await client.refresh('refresh-0', 'Location')).access_token, 'access-1')
  const [refresh] = requests
  assert.equal(refresh!.url, 'https://ghl.test/oauth/token')
  assert.equal(refresh!.headers.get('content-type'), 'application/x-www-form-urlencoded')
  assert.equal(refresh!.headers.get('version'), null)
  assert.equal(refresh!.headers.get('authorization'), null)
  const form = new URLSearchParams(await refresh!.text())
  assert.deepEqual(Object.fromEntries(form), {
    client_id: 'client-1',
    client_secret: SECRET,
    grant_type: 'refresh_token',
    refresh_token: 'refresh-0',
    user_type: 'Location',
  })
  await client.exchangeCode('code-1', 'https://p.test/oauth/callback')
  assert.equal(
    new URLSearchParams(await requests[1]!.text()).get('redirect_uri'),
    'https://p.test/oauth/callback',
  )
  await client.locationToken('company-access', 'cmp-1', 'loc-1').catch(() => undefined)
  assert.equal(requests[2]!.headers.get('version'), '2021-07-28')
  assert.equal(requests[2]!.headers.get('authorization'), 'Bearer company-access')
  assert.deepEqual(Object.fromEntries(new URLSearchParams(await requests[2]!.text())), {
    companyId: 'cmp-1',
    locationId: 'loc-1',
  })
})

test('refusals, malformed answers and timeouts are OAuthErrors that quote no token and no secret', async () => {
  const cases: [() => Response | Promise<Response>, OAuthError['kind']][] = [
    () =>
      Response.json(
        { statusCode: 400, error: 'invalid_grant', message: 'refresh-0 is spent' },
        { status: 400 },
      ),
    () => Response.json({ statusCode: 401, message: `bad secret ${SECRET}` }, { status: 401 }),
    () => Response.json({ statusCode: 422, message: ['refresh_token must be a string'] }, { status: 422 }),
    () => Response.json({ ...pair, expires_in: 'soon', access_token: 'access-1' }),
    // Slower than the 50 ms timeout.
    () => new Promise<Response>((resolve) => setTimeout(() => resolve(Response.json(pair)), 1_000)),
  ].map((answer, i) => [
    answer,
    (['invalid_grant', 'unauthorized', 'rejected', 'malformed', 'timeout'] as const)[i]!,
  ])
  for (const [answer, kind] of cases) {
    const { client } = setup(answer)
    const error = await client.refresh('refresh-0', 'Location').catch((e: unknown) => e)
    assert.ok(error instanceof OAuthError, String(error))
    assert.equal(error.kind, kind)
    for (const secret of [SECRET, 'refresh-0', 'access-1'])
      assert.ok(!error.message.includes(secret), error.message)
  }
})
