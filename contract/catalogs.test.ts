/** Every language's catalog: complete, no stray keys, the plural forms its language uses, the same placeholders. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { CATALOGS } from './catalogs.ts'
import { LANGUAGES } from './languages.ts'
import { en } from './messages.ts'

const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort().join()

describe('catalogs', () => {
  it('every listed language has a catalog, with exactly the English keys', () => {
    assert.deepEqual(Object.keys(CATALOGS).sort(), [...LANGUAGES].sort())
    for (const [lang, catalog] of Object.entries(CATALOGS))
      assert.deepEqual(Object.keys(catalog), Object.keys(en), lang)
  })

  it('plural messages give every category the language selects, with the placeholders of English', () => {
    for (const [lang, catalog] of Object.entries(CATALOGS)) {
      const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories
      for (const [key, english] of Object.entries(en)) {
        const message = (catalog as Record<string, unknown>)[key]
        if (typeof english === 'string') {
          assert.equal(typeof message, 'string', `${lang}.${key}`)
          assert.equal(placeholders(message as string), placeholders(english), `${lang}.${key}`)
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
