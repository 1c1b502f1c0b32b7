/** Every language's catalog: complete, no stray keys, the plural forms its language uses, the same placeholders. */
import { expect } from 'chai'
import { en } from '../i18n.ts'
import { CATALOGS } from './catalogs.ts'
import { LANGUAGES } from './languages.ts'

const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort().join()

describe('catalogs', () => {
  it('every listed language has a catalog, with exactly the English keys', () => {
    expect(Object.keys(CATALOGS).sort()).to.deep.equal([...LANGUAGES].sort())
    for (const [lang, catalog] of Object.entries(CATALOGS))
      expect(Object.keys(catalog), lang).to.deep.equal(Object.keys(en))
  })

  it('plural messages give every category the language selects, with the placeholders of English', () => {
    for (const [lang, catalog] of Object.entries(CATALOGS)) {
      const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories
      for (const [key, english] of Object.entries(en)) {
        const message = (catalog as Record<string, unknown>)[key]
        if (typeof english === 'string') {
          expect(message, `${lang}.${key}`).to.be.a('string')
          expect(placeholders(message as string), `${lang}.${key}`).to.equal(placeholders(english))
        } else {
          const forms = message as Record<string, string>
          for (const category of categories)
            expect(forms[category], `${lang}.${key}.${category}`).to.be.a('string')
          // Every form keeps {n} unless a category names its one count in words ("one", "two").
          expect(placeholders(forms.other!), `${lang}.${key}.other`).to.equal('{n}')
        }
      }
    }
  })
})
