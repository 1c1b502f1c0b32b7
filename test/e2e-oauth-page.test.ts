/**
 * The sandbox's Marketplace authorize page in a real browser: a keyboard user reaches an account's button and
 * submits it, and the browser follows the 302 to the redirect URI with the code and the state.
 */
import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { serve, type ServerType } from '@hono/node-server'
import type { Browser } from 'playwright-core'
import { createClock, createSandbox, SANDBOX } from '../demo/sandbox/index.ts'
import { exchangeCode } from '../demo/sandbox/oauth-testing.ts'
import { launchChromium, missingChromium, newVisitor } from './e2e/browser.ts'
import { TEST_NOW } from './support/dates.ts'

describe('the OAuth authorize page in Chromium', { skip: missingChromium(), timeout: 60_000 }, () => {
  const sandbox = createSandbox({ clock: createClock({ start: TEST_NOW, frozen: true }) })
  let server: ServerType
  let origin = ''
  let browser: Browser
  before(async () => {
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: sandbox.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
    })
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    browser = await launchChromium()
  })
  after(async () => {
    await browser?.close()
    await new Promise((resolve) => server?.close(resolve))
  })

  it('the keyboard picks a location; the redirect carries code and state, and the code exchanges', async () => {
    const context = await newVisitor(browser)
    try {
      const page = await context.newPage()
      // The sandbox's own origin as the callback: any local …/oauth/callback is registered.
      const redirectUri = `${origin}/oauth/callback`
      const state = 'a b&c=<d>'
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: SANDBOX.oauth.clientId,
        redirect_uri: redirectUri,
        scope: 'calendars.readonly',
        state,
      })
      await page.goto(`${origin}/v2/oauth/chooselocation?${query}`)
      await page.getByRole('heading', { level: 1 }).waitFor()
      const group = page.getByRole('group', { name: 'Choose an account' })
      assert.equal(await group.getByRole('button').count(), 3)
      const branch = group.getByRole('button', { name: /Sandbox Branch/ })
      // Tab until the branch's button has focus, then Enter.
      for (let i = 0; i < 10 && !(await branch.evaluate((el) => el === document.activeElement)); i++)
        await page.keyboard.press('Tab')
      await Promise.all([
        page.waitForURL((url) => url.pathname === '/oauth/callback'),
        page.keyboard.press('Enter'),
      ])
      const landed = new URL(page.url())
      assert.equal(landed.searchParams.get('state'), state)
      const code = landed.searchParams.get('code')!
      const pair = await exchangeCode(sandbox, code, redirectUri)
      assert.equal(pair.status, 200)
      assert.equal(pair.body.locationId, SANDBOX.oauth.locations.branch)
    } finally {
      await context.close()
    }
  })
})
