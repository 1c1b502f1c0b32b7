/**
 * How the contract spells a time zone name: as given when that is how the name is written, else in the right
 * letter case, and never as another name of the same zone.
 */
// Building a DateTimeFormat is costly and the slots route checks a zone on every request, so answers are
// remembered. Intl accepts any letter case ('europe/berlin'), so the names people can send are unbounded: a name
// longer than any real one is not asked of Intl at all, and the memory starts again at 2 000 names. So it holds at
// most 2 000 names of 64 characters and their spellings, about 670 KB counted as in cache/sizes.ts (a plain Map
// rather than that module's memo: this file is in the widget's bundle too, where every byte counts).
const zoneSpellings = new Map<string, string | null>()
let listed: Map<string, string> | undefined

/** Longer than any IANA zone name (the longest are about 30 characters). */
const MAX_ZONE_LENGTH = 64
/** Names remembered before the memory starts again. */
const MAX_ZONE_NAMES = 2_000

/** How many names are remembered (at most {@link MAX_ZONE_NAMES}, each at most {@link MAX_ZONE_LENGTH} long). */
export const rememberedZoneNames = (): number => zoneSpellings.size

/** A word of an IANA name as the database writes it: `Kolkata`, or capitals with digits or at most four: `UTC`, `GMT+5`. */
const IANA_WORD = /^(?:[A-Z][a-z]*|[A-Z]{1,4}|[A-Z]*\d[A-Z\d+]*)$/

/**
 * The spelling of a zone Intl knows: as given when that is how the name is written, else the same name in the
 * right letter case. Never another name of the zone: Intl's canonical name is often the legacy one (V8 turns
 * `Asia/Kolkata` into `Asia/Calcutta`, `Europe/Kyiv` into `Europe/Kiev`), which is not what the site configured.
 */
function spellTimeZone(zone: string): string | null {
  let canonical: string
  try {
    canonical = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone
  } catch {
    return null
  }
  // The runtime's list of zones, by lower case: the right case of every name in it.
  listed ??= new Map((Intl.supportedValuesOf?.('timeZone') ?? []).map((name) => [name.toLowerCase(), name]))
  const lower = zone.toLowerCase()
  const known = listed.get(lower) ?? (canonical.toLowerCase() === lower ? canonical : undefined)
  if (known) return known
  // Another name of the zone, not in the list (Asia/Kolkata on V8): kept when written like an IANA name, else each
  // word capitalised (a legacy camel-case name such as Mexico/BajaNorte then loses its inner capital). Two spellings
  // per word at most, so the spellings of one zone stay few, as the caches keyed by zone need.
  const words = zone.split(/([/_-])/)
  if (words.every((word, i) => i % 2 === 1 || IANA_WORD.test(word))) return zone
  return words.map((word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase()).join('')
}

/**
 * The spelling of a zone name as the contract passes it on (see {@link spellTimeZone}), or null for a name Intl
 * does not know. Remembered per name given.
 */
export function zoneSpelling(zone: string): string | null {
  // The contract's length check does not stop the checks after it, so a long name arrives here too.
  if (zone.length > MAX_ZONE_LENGTH) return null
  let known = zoneSpellings.get(zone)
  if (known !== undefined) return known
  known = spellTimeZone(zone)
  if (zoneSpellings.size >= MAX_ZONE_NAMES) zoneSpellings.clear()
  zoneSpellings.set(zone, known)
  return known
}
