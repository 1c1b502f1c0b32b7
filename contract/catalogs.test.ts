/** Every language's catalog: complete, no stray keys, the plural forms its language uses, the same placeholders. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { CATALOGS } from './catalogs.ts'
import { LANGUAGES } from './languages.ts'
import { manageEn } from './manage-messages.ts'
import { en } from './messages.ts'

/** Every key a catalog holds: the booking flow's, then manage mode's. */
const english = { ...en, ...manageEn }

const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort().join()

describe('catalogs', () => {
  it("every listed language has a catalog, with exactly the English keys, manage mode's included", () => {
    assert.deepEqual(Object.keys(CATALOGS).sort(), [...LANGUAGES].sort())
    for (const [lang, catalog] of Object.entries(CATALOGS))
      assert.deepEqual(Object.keys(catalog), Object.keys(english), lang)
  })

  it('plural messages give every category the language selects, with the placeholders of English', () => {
    for (const [lang, catalog] of Object.entries(CATALOGS)) {
      const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories
      for (const [key, source] of Object.entries(english)) {
        const message = (catalog as Record<string, unknown>)[key]
        if (typeof source === 'string') {
          assert.equal(typeof message, 'string', `${lang}.${key}`)
          assert.equal(placeholders(message as string), placeholders(source), `${lang}.${key}`)
        } else {
          const forms = message as Record<string, string>
          for (const category of categories)
            assert.equal(typeof forms[category], 'string', `${lang}.${key}.${category}`)
          // Every form keeps {n} unless a category names its one count in words ("one", "two").
          assert.equal(placeholders(forms.other!), '{n}', `${lang}.${key}.other`)
        }
      }
    }
  })
})
