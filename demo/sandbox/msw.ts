/** msw/node handlers that answer GHL API requests with the sandbox: the same fake as on a real port. */
import { http, type RequestHandler } from 'msw'
import type { Sandbox } from './index.ts'

/** GHL API v2's base URL. */
export const GHL_BASE_URL = 'https://services.leadconnectorhq.com'

/** Handlers forwarding every request under `baseUrl` to `sandbox.fetch` (the path below `baseUrl` is kept). */
export function sandboxHandlers(sandbox: Sandbox, baseUrl: string = GHL_BASE_URL): RequestHandler[] {
  const base = new URL(baseUrl)
  const prefix = base.pathname.replace(/\/$/, '')
  return [
    http.all(`${base.origin}${prefix}/*`, async ({ request }) => {
      if (!prefix) return sandbox.fetch(request)
      // A base with a path (e.g. a gateway prefix): the sandbox serves GHL's paths from its root.
      const url = new URL(request.url)
      url.pathname = url.pathname.slice(prefix.length) || '/'
      return sandbox.fetch(new Request(url, request))
    }),
  ]
}
