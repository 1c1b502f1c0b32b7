/**
 * The header says who and where when the proxy knows: the host's name, the team's ("or" on a round robin, "and" on
 * a collective, "our team" without names), and the kind of place with its own icon, a video service's name or an
 * address beside it; nothing when the calendar says nothing. In light and dark (axe in each), right to left, and
 * in every language.
 */
import { expect } from 'chai'
import { http, HttpResponse } from 'msw'
import type { CalendarInfo } from '../../contract/schemas.ts'
import { LANGUAGES } from '../../contract/languages.ts'
import { CATALOGS } from '../../contract/catalogs.ts'
import { calendarInfo } from './handlers.ts'
import { cleanup, expectNoAxeViolations, mountWidget, waitFor, worker, type Mounted } from './setup.ts'

afterEach(cleanup)

type Extra = Pick<CalendarInfo, 'host' | 'team' | 'location'>

/** Mounts a widget whose calendar carries `extra`, and waits for its times. */
async function mountWith(extra: Extra, attributes: Record<string, string> = {}): Promise<Mounted> {
  worker.use(
    http.get('*/v1/sites/:site/calendars/:calendarId', ({ params }) =>
      HttpResponse.json({ ...calendarInfo(String(params.calendarId)), ...extra }),
    ),
  )
  const m = mountWidget(attributes)
  await waitFor(() => m.$('.slot'))
  return m
}

/** The header's lines after the duration, as text. */
const lines = (m: Mounted) => m.$$('.head .meta').map((line) => line.textContent)
/** The icon of the header line that reads `text`. */
const iconOf = (m: Mounted, text: string) =>
  m
    .$$('.head .meta')
    .find((line) => line.textContent!.includes(text))!
    .querySelector('path')!
    .getAttribute('d')

const PLACES: [CalendarInfo['location'], string][] = [
  [{ kind: 'video', label: 'Google Meet' }, 'Video call · Google Meet'],
  [{ kind: 'phone' }, 'Phone call'],
  [{ kind: 'in_person', label: '12 Harbor Street, Suite 4' }, 'In person · 12 Harbor Street, Suite 4'],
  [{ kind: 'other' }, 'Location shared after booking'],
]

describe('header', () => {
  for (const theme of ['light', 'dark'] as const)
    it(`${theme}: each kind of place reads its words beside its own icon; axe passes`, async () => {
      const icons = new Set<string | null>()
      for (const [location, text] of PLACES) {
        const m = await mountWith({ host: { name: 'Ava Smith' }, location }, { theme })
        expect(lines(m)).to.deep.equal(['30 minutes', 'with Ava Smith', text])
        const icon = iconOf(m, text)
        expect(icon).to.be.a('string').and.not.equal(iconOf(m, 'with Ava Smith'))
        icons.add(icon)
        // Text and icon in the theme's muted colour, which passes contrast (axe checks it).
        await expectNoAxeViolations(m)
        cleanup()
      }
      expect(icons.size).to.equal(PLACES.length)
    })

  it('a team: "or" for a round robin, "and" for a collective, "our team" without names', async () => {
    let m = await mountWith({ team: { names: ['Ava Smith', 'Ben Okafor'], all: false } })
    expect(lines(m)[1]).to.equal('with Ava Smith or Ben Okafor')
    cleanup()
    m = await mountWith({ team: { names: ['Ava Smith', 'Ben Okafor', 'Cleo Martin'], all: true } })
    expect(lines(m)[1]).to.equal('with Ava Smith, Ben Okafor, and Cleo Martin')
    cleanup()
    m = await mountWith({ team: { names: [], all: false } })
    expect(lines(m)[1]).to.equal('with our team')
  })

  it('a calendar that names nobody and no place shows its length alone', async () => {
    const m = await mountWith({})
    expect(lines(m)).to.deep.equal(['30 minutes'])
    expect(m.$('.head h2').textContent).to.equal('Intro call cal-1')
    expect(m.$('.head .desc').textContent).to.equal('A short first call')
  })

  it('right to left: each icon leads its line on the right; an address keeps its own direction', async () => {
    const m = await mountWith(
      {
        team: { names: ['Ava Smith', 'Ben Okafor'], all: false },
        location: { kind: 'in_person', label: '12 Harbor Street' },
      },
      { locale: 'ar' },
    )
    await waitFor(() => lines(m)[1]!.includes('مع'))
    expect(m.$('[part=container]').getAttribute('dir')).to.equal('rtl')
    const ar = CATALOGS.ar
    expect(lines(m).slice(1)).to.deep.equal([
      'مع Ava Smith أو Ben Okafor',
      `${ar.place_in_person} · 12 Harbor Street`,
    ])
    for (const line of m.$$('.head .meta')) {
      const icon = line.querySelector('svg')!.getBoundingClientRect()
      const text = line.querySelector('span')!.getBoundingClientRect()
      expect(icon.left).to.be.greaterThan(text.right - 1)
    }
    // The address is isolated, so its leading number is not moved to its end by the Arabic around it.
    expect(m.$('.head bdi').textContent).to.equal('12 Harbor Street')
    await expectNoAxeViolations(m)
  })

  for (const lang of LANGUAGES)
    it(`in ${lang}: the host and the place in the language's words`, async () => {
      const m = await mountWith(
        { host: { name: 'Ava Smith' }, location: { kind: 'phone' } },
        { locale: lang, calendar: `cal-${lang}` },
      )
      const catalog = CATALOGS[lang]
      await waitFor(() => lines(m)[2] === catalog.place_phone)
      expect(lines(m)[1]).to.equal(catalog.with.replace('{name}', 'Ava Smith'))
    })
})
