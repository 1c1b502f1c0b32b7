/**
 * The header's who and where, when GHL has them (contract/schemas.ts CalendarInfo): a host's name, a team's names
 * or "our team", and a kind of place with an icon each, a video service's name or a place's address beside it.
 * Part of the full widget only: the first screen (widget.js) shows the rest of the header (Header.tsx).
 */
import { fill } from '../i18n.ts'
import type { Props } from './Flow.tsx'
import { Line } from './Header.tsx'

/** One path per icon, drawn with the `.icon` stroke on a 24 px grid; circles as two arcs. */
const ICONS = {
  person: 'M12 4a4 4 0 1 0 0 8 4 4 0 1 0 0-8M4 21a8 8 0 0 1 16 0',
  video: 'M3 7h11v10H3zm11 4 7-4v10l-7-4',
  phone: 'M7 3h10v18H7zm4 15h2',
  in_person: 'M12 21s7-6 7-11a7 7 0 0 0-14 0c0 5 7 11 7 11m0-13a2 2 0 1 0 0 4 2 2 0 1 0 0-4',
  other: 'M12 3a9 9 0 1 0 0 18 9 9 0 1 0 0-18m0 8v5m0-8h.01',
}

/** Who the visitor meets and where, each a line of the header; nothing when the calendar says neither. */
export function Meeting({ s }: Props) {
  const info = s.info.value!
  const t = s.t.value
  const { host, team, location } = info
  const names = host ? [host.name] : (team?.names ?? [])
  // A round robin is one of them, whoever is free ("or"); a collective all of them ("and").
  const who = names.length
    ? fill(t.with, {
        name: new Intl.ListFormat(s.locale, {
          type: team && !team.all ? 'disjunction' : undefined,
        }).format(names),
      })
    : team && t.withTeam
  return [
    who && <Line icon={ICONS.person}>{who}</Line>,
    location && (
      <Line icon={ICONS[location.kind]}>
        {t[`place_${location.kind}`]}
        {/* An address keeps its own direction inside a right-to-left line (its leading number stays put). */}
        {location.label && ' · '}
        {location.label && <bdi>{location.label}</bdi>}
      </Line>
    ),
  ]
}
