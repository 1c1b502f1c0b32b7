/**
 * The bytes the proxy's caches count for what they hold, so each can be bounded by bytes (lru-cache's `maxSize`
 * with a `sizeCalculation`). Upper bounds for V8 as Node builds it (8-byte pointers, no pointer compression):
 * a string counts its header and two bytes per character, although V8 keeps an ASCII string at one (any other
 * character makes it two); an object counts its header and 8 bytes per field; a number that is not a small
 * integer counts a heap number. Calibrated once with `bench/entry-sizes.ts`, which fills each cache with real
 * entries and compares the heap after `gc()` with what the cache counted. On Node 20, counted per entry against
 * measured: a month's slot window 65.5 KB / 51.9 KB, a rate-limit counter 174 / 126 bytes, an idempotency record
 * 1 188 / 660, a webhook id 184 / 93, a memo entry of a name and its spelling 163 / 125, a remembered slots
 * answer of 28 to 42 days (its body and ETag) 56.5 KB / 28.8 KB: its JSON is ASCII, one byte a character in V8.
 */

/** A pointer (an array element, an object field). */
export const POINTER_BYTES = 8

/** A boxed number (a double, or an integer past 2^31). */
export const NUMBER_BYTES = 16

/**
 * lru-cache's bookkeeping per entry: its key map's entry (37 to 56 bytes measured, with the map's spare room).
 * Its index arrays (24 to 48 bytes per entry of `max`) are allocated whole when the cache is built, so they are a
 * fixed cost of each cache, not counted per entry.
 */
export const LRU_ENTRY_BYTES = 64

/** A string: header plus two bytes per character (the bound for any content). */
export function stringBytes(text: string): number {
  return 16 + 2 * text.length
}

/** A plain object with `fields` fields, not counting what they point to. */
export function objectBytes(fields: number): number {
  return 24 + POINTER_BYTES * fields
}

/** An array of `length` elements, not counting what they point to. */
export function arrayBytes(length: number): number {
  return 32 + POINTER_BYTES * length
}

/**
 * A JSON-shaped value (parsed or about to be serialized): three bytes per character of its JSON, which covers
 * its strings at two bytes a character and its objects' headers and fields (a field's JSON, `"k":v,`, is at
 * least five characters for its 8-byte slot). Measured above the heap for the values cached here.
 */
export function jsonBytes(value: unknown): number {
  return 3 * (JSON.stringify(value)?.length ?? 4)
}
