/**
 * A widget the proxy refuses (a page origin, site or calendar its sites file does not list, or a calendar GHL
 * will not read): the visitor reads once that booking is not available here, with nothing to retry; the site
 * owner gets exactly one console line naming the cause and the fix, the proxy's own message.
 */
import { expect } from 'chai'
import { delay, http, HttpResponse } from 'msw'
import type { ProxyError } from '../../proxy/src/errors.ts'
import { notConnected } from '../../proxy/src/oauth/grants.ts'
import { calendarNotListed, originNotAllowed, unknownSite } from '../../proxy/src/refusals.ts'
import { cleanup, expectNoAxeViolations, mountWidget, waitFor, worker } from './setup.ts'

afterEach(cleanup)

const UNAVAILABLE = 'Online booking is not available on this page.'

/** Answers the calendar and the slots routes with `error`, counting the requests. */
function refuse(error: Pick<ProxyError, 'status' | 'toJSON'>) {
  const asked = { calendar: 0, slots: 0 }
  worker.use(
    http.get('*/v1/sites/:site/calendars/:calendarId/slots', () => {
      asked.slots++
      return HttpResponse.json(error.toJSON(), { status: error.status })
    }),
    http.get('*/v1/sites/:site/calendars/:calendarId', () => {
      asked.calendar++
      return HttpResponse.json(error.toJSON(), { status: error.status })
    }),
  )
  return asked
}

/** Runs `body` with console.error recorded. */
async function withConsole(body: (logged: string[]) => Promise<void>) {
  const logged: string[] = []
  const original = console.error
  console.error = (...args: unknown[]) => logged.push(args.join(' '))
  try {
    await body(logged)
  } finally {
    console.error = original
  }
}

/** Mounts with `attributes`, waits for the refusal and checks what the visitor sees; returns the widget. */
async function refused(attributes: Record<string, string> = {}, message = UNAVAILABLE) {
  const m = mountWidget(attributes)
  await waitFor(() => m.root.textContent!.includes(message))
  // Said once on screen (and once to screen readers), with nothing to retry and no other explanation.
  expect(m.$('h2').textContent).to.equal(message)
  expect(m.$$('button')).to.have.length(0)
  expect(m.$$('.notice')).to.have.length(0)
  expect(m.$('[role=status]').textContent).to.equal(message)
  expect(m.root.textContent).to.not.match(/offline|went wrong|try again/i)
  return m
}

describe('misconfiguration', () => {
  it('an origin the site does not list: not available, and one console line naming the origin to add', async () => {
    const asked = refuse(originNotAllowed('acme', location.origin))
    await withConsole(async (logged) => {
      const m = await refused()
      await delay(300)
      expect(logged).to.deep.equal([
        `GHL booking widget: The page origin ${location.origin} is not allowed for site "acme": add "${location.origin}" to that site's "origins" in the sites file, then restart the proxy.`,
      ])
      expect(m.events.map((e) => e.type)).to.deep.equal(['ghl-booking:error'])
      expect(m.events[0]!.detail.code).to.equal('origin_not_allowed')
      // Asked once, never again by itself.
      expect(asked).to.deep.equal({ calendar: 1, slots: 1 })
      await expectNoAxeViolations(m)
    })
  })

  it('an unknown site id: one console line naming the id and where ids come from', async () => {
    refuse(unknownSite('acne'))
    await withConsole(async (logged) => {
      await refused({ site: 'acne' })
      expect(logged).to.have.length(1)
      expect(logged[0]).to.contain('no site "acne"').and.contain('data-site')
    })
  })

  it('a calendar the site does not list: one console line naming the calendar and the site', async () => {
    refuse(calendarNotListed('acme', 'cal-typo'))
    await withConsole(async (logged) => {
      await refused({ calendar: 'cal-typo' })
      expect(logged).to.have.length(1)
      expect(logged[0]).to.contain('"cal-typo"').and.contain('"calendars"')
    })
  })

  it('GHL refusing to read the calendar (a bad token) is the owner’s to fix too', async () => {
    const message = 'GHL refused the proxy’s token (GHL answered 401): fix the token.'
    refuse({ status: 502, toJSON: () => ({ error: { code: 'upstream_rejected', message } }) })
    await withConsole(async (logged) => {
      await refused()
      expect(logged).to.deep.equal([`GHL booking widget: ${message}`])
    })
  })

  it('a location whose Marketplace app is not installed (or was uninstalled): the owner’s to fix, no retry', async () => {
    const asked = refuse(notConnected('uninstalled'))
    await withConsole(async (logged) => {
      await refused()
      await delay(300)
      expect(logged).to.have.length(1)
      expect(logged[0]).to.contain('not installed').and.contain('uninstalled')
      expect(asked).to.deep.equal({ calendar: 1, slots: 1 })
    })
  })

  it('says it in the visitor’s language', async () => {
    refuse(unknownSite('acne'))
    await withConsole(async () => {
      await refused(
        { site: 'acne', locale: 'es' },
        'Las reservas en línea no están disponibles en esta página.',
      )
      await refused(
        { site: 'acne', locale: 'de' },
        'Die Online-Buchung ist auf dieser Seite nicht verfügbar.',
      )
    })
  })
})
