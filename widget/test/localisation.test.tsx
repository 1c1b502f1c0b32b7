/**
 * What the catalogs' reviewers found in the widget's own joins: e-mail and phone stay left to right in a
 * right-to-left page and an e-mail in a right-to-left sentence is isolated; a day and its time are joined by Intl,
 * never by a Latin ", "; the catalog brackets a zone (full width in Japanese, isolated in Arabic and Hebrew) and
 * writes the locked zone's label (French spaces before its colon); Japanese asks for the family name first.
 */
import { expect } from 'chai'
import { CATALOGS } from '../../contract/catalogs.ts'
import { LANGUAGES } from '../../contract/languages.ts'
import { en } from '../../contract/messages.ts'
import { firstFreeDay } from './handlers.ts'
import { cleanup, mountWidget, type, waitFor, type Mounted } from './setup.ts'

afterEach(cleanup)

const messages = (lang: string) => (lang === 'en' ? en : CATALOGS[lang as keyof typeof CATALOGS])
const fill = (message: string, values: Record<string, string>) =>
  message.replace(/\{(\w+)\}/g, (_, k: string) => values[k]!)

/** The day and time of an instant in one Intl phrase, the language's own join. */
const dayTime = (instant: string, lang: string, timeZone: string) =>
  new Intl.DateTimeFormat(lang, {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  }).format(new Date(instant))
/** A zone's long name in a language. */
const zoneName = (lang: string, timeZone: string, at: string) =>
  new Intl.DateTimeFormat(lang, { timeZone, timeZoneName: 'long' })
    .formatToParts(new Date(at))
    .find((p) => p.type === 'timeZoneName')!.value

/** Mounts a widget in `lang` and waits for its first time in that language. */
async function mountIn(lang: string, attributes: Record<string, string> = {}): Promise<Mounted> {
  const m = mountWidget({ locale: lang, calendar: `cal-${lang}`, ...attributes })
  await waitFor(() => m.$('.slot') && m.root.textContent!.includes(messages(lang).nextAvailable))
  return m
}

/** Picks the first time and waits for the form. */
async function openForm(m: Mounted) {
  m.$('.slot').click()
  await waitFor(() => m.$('#email'))
}

const FIRST = `${firstFreeDay()}T09:00:00+00:00`

describe('localisation', () => {
  for (const lang of ['ar', 'he'])
    it(`${lang}: e-mail and phone keep left to right; the e-mail in the confirmation sentence is isolated`, async () => {
      const m = await mountIn(lang)
      await openForm(m)
      expect(getComputedStyle(m.$('#firstName')).direction).to.equal('rtl')
      expect(getComputedStyle(m.$('#email')).direction).to.equal('ltr')
      expect(getComputedStyle(m.$('#phone')).direction).to.equal('ltr')
      type(m.$('#firstName'), 'Ada')
      type(m.$('#lastName'), 'Lovelace')
      type(m.$('#email'), 'ada@example.com')
      m.$<HTMLButtonElement>('button[type=submit]').click()
      const done = await waitFor(() => m.$('.done'))
      const sentence = [...done.querySelectorAll('p')].find((p) => p.querySelector('bdi'))
      expect(sentence, 'a sentence with an isolated e-mail').to.exist
      expect(sentence!.querySelector('bdi')!.textContent).to.equal('ada@example.com')
      expect(sentence!.textContent).to.equal(fill(messages(lang).nextText, { email: 'ada@example.com' }))
    })

  for (const lang of ['en', ...LANGUAGES])
    it(`${lang}: a time's label, the chosen time and the business's time join day and time the language's way`, async () => {
      const t = messages(lang)
      const m = await mountIn(lang, { 'time-zone': 'UTC' })
      const utc = zoneName(lang, 'UTC', FIRST)
      const chosen = fill(t.zoneInBrackets, { text: dayTime(FIRST, lang, 'UTC'), zone: utc })
      expect(m.$('.slot').getAttribute('aria-label')).to.equal(chosen)
      await openForm(m)
      expect(m.$('.chosen').textContent).to.equal(chosen)
      type(m.$('#firstName'), 'Ada')
      type(m.$('#lastName'), 'Lovelace')
      type(m.$('#email'), 'ada@example.com')
      m.$<HTMLButtonElement>('button[type=submit]').click()
      await waitFor(() => m.$('.done'))
      const business = 'America/New_York'
      expect(m.$('.done .block').textContent).to.equal(
        fill(t.businessTime, {
          time: dayTime(FIRST, lang, business),
          zone: zoneName(lang, business, FIRST),
        }),
      )
    })

  it('the catalog brackets a zone: full width in Japanese, isolated in Arabic', async () => {
    const ja = await mountIn('ja', { 'time-zone': 'Asia/Tokyo' })
    expect(ja.$<HTMLInputElement>('#zone').value).to.equal('Tokyo（GMT+09:00）')
    const ar = await mountIn('ar', { 'time-zone': 'Asia/Tokyo' })
    expect(ar.$<HTMLInputElement>('#zone').value).to.equal('\u2068Tokyo\u2069 (\u2068GMT+09:00\u2069)')
  })

  it('Japanese asks for the family name first; English for the given name first', async () => {
    const ids = async (lang: string) => {
      const m = await mountIn(lang)
      await openForm(m)
      return m.$$('[part=input]').map((input) => input.id)
    }
    expect(await ids('ja')).to.deep.equal(['lastName', 'firstName', 'email', 'phone', 'notes'])
    expect(await ids('en')).to.deep.equal(['firstName', 'lastName', 'email', 'phone', 'notes'])
  })

  for (const [lang, label] of [
    ['en', 'Time zone: Tokyo (GMT+09:00)'],
    ['fr', 'Fuseau horaire\u00a0: Tokyo (GMT+09:00)'],
    ['ja', 'タイムゾーン：Tokyo（GMT+09:00）'],
  ])
    it(`${lang}: the locked zone's label is the catalog's own sentence`, async () => {
      const m = await mountIn(lang, { 'lock-time-zone': '', 'time-zone': 'Asia/Tokyo' })
      // The zone's long name follows on its own line.
      expect(m.$('.zone').textContent).to.equal(label + zoneName(lang, 'Asia/Tokyo', FIRST))
    })
})
