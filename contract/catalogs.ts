/**
 * Every catalog of locales/languages.ts, imported: what the proxy serves at `/widget/locales/<lang>.json` (and the
 * browser tests' fake proxy). Never imported by the widget itself, which fetches them. `satisfies` makes the
 * type check fail when a language of the list has no file here, or a file is not in the list.
 */
import ar from './locales/ar.json' with { type: 'json' }
import de from './locales/de.json' with { type: 'json' }
import es from './locales/es.json' with { type: 'json' }
import fr from './locales/fr.json' with { type: 'json' }
import he from './locales/he.json' with { type: 'json' }
import it from './locales/it.json' with { type: 'json' }
import ja from './locales/ja.json' with { type: 'json' }
import nl from './locales/nl.json' with { type: 'json' }
import pl from './locales/pl.json' with { type: 'json' }
import ptBR from './locales/pt-BR.json' with { type: 'json' }
import sv from './locales/sv.json' with { type: 'json' }
import type { Language } from './languages.ts'

/** A catalog: message key → text, or plural forms by `Intl.PluralRules` category. */
export type Catalog = Record<string, string | Record<string, string>>

/** The catalogs by language. */
export const CATALOGS = { es, de, fr, it, 'pt-BR': ptBR, nl, pl, sv, ja, ar, he } satisfies Record<
  Language,
  Catalog
>
