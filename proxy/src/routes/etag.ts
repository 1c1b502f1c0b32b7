/** Conditional requests on the proxy's own answers: one reading of `If-None-Match` for every route. */

/**
 * Whether an `If-None-Match` value names `etag`: a list, weak validators and `*` included. `If-None-Match`
 * compares weakly (RFC 9110, 13.1.2), so `W/"abc"` names the strong `"abc"`.
 */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false
  if (ifNoneMatch.trim() === '*') return true
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)
}
