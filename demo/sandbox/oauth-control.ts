/**
 * `/_sandbox/oauth/*`: the OAuth model's control routes. `GET /state` lists the installs without any token value;
 * `POST /uninstall` with `{ locationId }` or `{ companyId }` uninstalls the app there (revoking its tokens) and
 * sends AppUninstall, as GHL does when a user removes the app.
 */
import { Hono } from 'hono'
import * as v from 'valibot'
import { GhlHttpError } from './ghl-error.ts'
import type { OAuthModel } from './oauth.ts'
import type { SandboxEnv } from './sandbox-env.ts'

/** Body of `POST /_sandbox/oauth/uninstall`. */
const Uninstall = v.union([v.object({ locationId: v.string() }), v.object({ companyId: v.string() })])

/** The routes, mounted at `/_sandbox/oauth`. */
export function oauthControlRoutes(oauth: () => OAuthModel): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>()
  app.get('/state', (c) => c.json(oauth().state()))
  app.post('/uninstall', async (c) => {
    const parsed = v.safeParse(Uninstall, await c.req.json().catch(() => undefined))
    if (!parsed.success) throw new GhlHttpError(400, 'body: { locationId } or { companyId } expected')
    if (!oauth().uninstall(parsed.output)) throw new GhlHttpError(404, 'The app is not installed there')
    return c.json({ uninstalled: parsed.output })
  })
  return app
}
