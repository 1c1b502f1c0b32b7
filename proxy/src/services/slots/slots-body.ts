/**
 * A slots answer as it goes on the wire: its JSON body and a strong ETag, built once per remembered answer (see
 * answers.ts) and sent as they are by every read of the same query until its windows change.
 */
import { objectBytes, stringBytes } from '../../cache/sizes.ts'
import type { Slot, SlotsQuery, SlotsResponse } from '../../../../contract/schemas.ts'

/**
 * A serialized slots answer. Other encodings of the same answer (compressed bodies, a compact slots encoding)
 * belong here beside `json`, built with it and counted by {@link bodyBytes}, so they are remembered, bounded and
 * dropped with it.
 */
export interface SlotsBody {
  /** The `SlotsResponse` as JSON. */
  json: string
  /** A strong ETag of `json`, quoted. */
  etag: string
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
  const response: SlotsResponse = {
    calendarId,
    timeZone: query.timeZone,
    from: query.from,
    to: query.to,
    slots: result.slots as Slot[],
    ...(result.stale && { stale: true }),
  }
  const json = JSON.stringify(response)
  return { json, etag: `"${json.length.toString(36)}-${hashBody(json)}"` }
}

/** What a body holds in bytes (see cache/sizes.ts): its strings at two bytes a character, and its object. */
export function bodyBytes(body: SlotsBody): number {
  return objectBytes(2) + stringBytes(body.json) + stringBytes(body.etag)
}
