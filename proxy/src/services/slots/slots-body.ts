/**
 * A slots answer as it goes on the wire: its JSON body and a strong ETag, built once per remembered answer (see
 * answers.ts) and sent as they are by every read of the same query until its windows change.
 */
import { objectBytes, stringBytes } from '../../cache/sizes.ts'
import type { CompactSlotsResponse, Slot, SlotsQuery, SlotsResponse } from '../../../../contract/schemas.ts'
import { compactSlots } from './compact.ts'

/**
 * A serialized slots answer. Other encodings of the same answer (compressed bodies, a compact slots encoding)
 * belong here beside `json`, built with it and counted by {@link bodyBytes}, so they are remembered, bounded and
 * dropped with it.
 */
export interface SlotsBody extends Encoded {
  /** The same answer in the compact shape (`?shape=compact`, `CompactSlotsResponse`), the widget's. */
  compact: Encoded
}

/** One serialized shape of an answer. */
export interface Encoded {
  /** The answer as JSON (`SlotsResponse` at the top level). */
  json: string
  /** A strong ETag of `json`, quoted. */
  etag: string
}

const encoded = (response: object): Encoded => {
  const json = JSON.stringify(response)
  return { json, etag: `"${json.length.toString(36)}-${hashBody(json)}"` }
}

/** FNV-1a over UTF-16 code units with two seeds: 64 bits, enough to tell one calendar's answers apart. */
export function hashBody(text: string): string {
  let a = 0x811c9dc5
  let b = 0x01000193 ^ text.length
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    a = Math.imul(a ^ code, 0x01000193)
    b = Math.imul(b ^ code, 0x5bd1e995)
  }
  return (a >>> 0).toString(36) + (b >>> 0).toString(36)
}

/** The body of the slots of `query`'s range, marked stale when older slots stand in for a failed reload. */
export function serializeSlots(
  calendarId: string,
  query: SlotsQuery,
  result: { slots: readonly Slot[]; stale: boolean },
): SlotsBody {
  const { from, to, timeZone } = query
  const stale = result.stale && { stale: true }
  const slots = result.slots as Slot[]
  const full: SlotsResponse = { calendarId, timeZone, from, to, slots, ...stale }
  let compact: Encoded | undefined
  return {
    ...encoded(full),
    // Built the first time a widget asks for it, then kept: an answer only old clients read pays nothing for it.
    get compact() {
      return (compact ??= encoded({
        calendarId,
        timeZone,
        from,
        to,
        ...compactSlots(slots, timeZone),
        ...stale,
      } satisfies CompactSlotsResponse))
    },
  }
}

/** What a body holds in bytes (see cache/sizes.ts): its strings at two bytes a character, and its objects. */
export function bodyBytes(body: SlotsBody): number {
  // The compact body may not be built yet: counted as large as the full one (it is about a third of it), so the
  // bound holds whether or not it is.
  return objectBytes(3) + 2 * (stringBytes(body.json) + stringBytes(body.etag)) + objectBytes(2)
}
