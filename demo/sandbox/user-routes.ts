/**
 * `GET /users/{userId}` (apps/users.json, `Version: 2021-07-28`, scope `users.readonly`): a user of the token's
 * location. Without the scope (the `usersReadonly` setting off) GHL's 401 for a token that lacks it.
 */
import { Hono } from 'hono'
import { GhlHttpError, traceId } from './ghl-error.ts'
import { userResponse } from './present.ts'
import type { SandboxEnv, SandboxServices } from './sandbox-env.ts'

/** The message GHL gives a token that lacks the scope an operation needs. */
export const SCOPE_MISSING = 'The token is not authorized for this scope.'

/** The user routes, mounted at the root of the sandbox's API. */
export function userRoutes(services: SandboxServices): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>()

  app.get('/users/:userId', (c) => {
    if (!services.settings().usersReadonly) throw new GhlHttpError(401, SCOPE_MISSING)
    const user = services.state().users.get(c.req.param('userId'))
    // A user of another location is as unknown to this token as one that does not exist.
    if (!user || !user.roles.locationIds.includes(c.get('locationId')!)) {
      throw new GhlHttpError(400, 'User not found')
    }
    return c.json({ ...userResponse(user), traceId: traceId() })
  })

  return app
}
