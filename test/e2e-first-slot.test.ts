/**
 * The split widget as the proxy serves it to a real browser: the modules widget.js loads after the first screen,
 * the compressed slots answer, and a client of the old shape (one that names no `shape`, as every widget built
 * before the compact shape) against this proxy.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Response } from 'playwright-core'
import { missingChromium, newVisitor } from './e2e/browser.ts'
import { useDemoAndBrowser } from './e2e/demo-and-browser.ts'
import { inlineWidget, slotButtons } from './e2e/widget.ts'

const isSlots = (url: string) => new URL(url).pathname.endsWith('/slots')

describe('the split widget from the proxy', { skip: missingChromium(), timeout: 60_000 }, () => {
  const { demo, browser } = useDemoAndBrowser()

  it('the later modules come from /widget/ cached for a year and open to any origin; JSON and code in brotli', async () => {
    const context = await newVisitor(browser())
    const responses: Response[] = []
    try {
      await context.clock.install({ time: demo().clock.now() })
      const page = await context.newPage()
      page.on('response', (response) => responses.push(response))
      await page.goto(`${demo().url}/`)
      await slotButtons(inlineWidget(page)).first().waitFor()
      // The full widget takes over: its form opens on a time (the first screen has no form).
      await slotButtons(inlineWidget(page)).first().click()
      await inlineWidget(page).getByLabel('First name').waitFor()
      const modules = responses.filter((r) => /\/widget\/widget-[\w-]+\.js$/.test(r.url()))
      assert.equal(modules.length, 1, 'the full widget is loaded once')
      const headers = await modules[0]!.allHeaders()
      assert.equal(headers['cache-control'], 'public, max-age=31536000, immutable')
      assert.equal(headers['access-control-allow-origin'], '*')
      assert.equal(headers['content-encoding'], 'br')
      const script = responses.find((r) => new URL(r.url()).pathname === '/widget.js')!
      assert.equal((await script.allHeaders())['content-encoding'], 'br')
      const slots = responses.filter((r) => isSlots(r.url()))
      assert.ok(slots.length > 0)
      for (const answer of slots) {
        assert.equal(new URL(answer.url()).searchParams.get('shape'), 'compact')
        assert.equal((await answer.allHeaders())['content-encoding'], 'br', answer.url())
        assert.ok((await answer.json()).days, 'the compact shape')
      }
    } finally {
      await context.close()
    }
  })

  it('an old-shape client (no ?shape) gets the full shape from this proxy, and the same times show', async () => {
    const shownWith = async (oldShape: boolean) => {
      const context = await newVisitor(browser())
      const bodies: unknown[] = []
      try {
        await context.clock.install({ time: demo().clock.now() })
        if (oldShape)
          await context.route(
            (url) => isSlots(url.href),
            (route) => {
              const url = new URL(route.request().url())
              url.searchParams.delete('shape')
              return route.continue({ url: url.href })
            },
          )
        const page = await context.newPage()
        // A slots answer still arriving when the context closes (the next month, read ahead) has no body to read.
        page.on(
          'response',
          (r) =>
            void (
              isSlots(r.url()) &&
              r.json().then(
                (body) => bodies.push(body),
                () => {},
              )
            ),
        )
        await page.goto(`${demo().url}/`)
        await slotButtons(inlineWidget(page)).first().waitFor()
        return { times: await slotButtons(inlineWidget(page)).allInnerTexts(), bodies }
      } finally {
        await context.close()
      }
    }
    const compact = await shownWith(false)
    const old = await shownWith(true)
    assert.ok(old.bodies.length > 0)
    for (const body of old.bodies) {
      const { slots, days } = body as { slots?: { start: string; end: string }[]; days?: unknown }
      assert.ok(Array.isArray(slots) && slots.every((s) => s.start && s.end), 'the full shape')
      assert.equal(days, undefined)
    }
    assert.ok(compact.times.length > 0)
    assert.deepEqual(old.times, compact.times)
  })
})
