/**
 * What is being booked: the calendar's name, its length, who the visitor meets and where, and its description.
 * Who and where come only when GHL has them (contract/schemas.ts CalendarInfo): a host's name, a team's names
 * or "our team", and a kind of place with an icon each, a video service's name or a place's address beside it.
 */
import type { ComponentChildren } from 'preact'
import { fill } from '../i18n.ts'
import type { Props } from './Flow.tsx'

/** One path per icon, drawn with the `.icon` stroke on a 24 px grid; circles as two arcs. */
const ICONS = {
  clock: 'M12 3a9 9 0 1 0 0 18 9 9 0 1 0 0-18m0 4v5l3 2',
  person: 'M12 4a4 4 0 1 0 0 8 4 4 0 1 0 0-8M4 21a8 8 0 0 1 16 0',
  video: 'M3 7h11v10H3zm11 4 7-4v10l-7-4',
  phone: 'M7 3h10v18H7zm4 15h2',
  in_person: 'M12 21s7-6 7-11a7 7 0 0 0-14 0c0 5 7 11 7 11m0-13a2 2 0 1 0 0 4 2 2 0 1 0 0-4',
  other: 'M12 3a9 9 0 1 0 0 18 9 9 0 1 0 0-18m0 8v5m0-8h.01',
}

/** One line of the header: an icon, then its text. */
function Line({ icon, children }: { icon: keyof typeof ICONS; children: ComponentChildren }) {
  return (
    <p class="meta">
      <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
        <path d={ICONS[icon]} />
      </svg>
      {/* One flex item, so an address set apart from its kind wraps as one text. */}
      <span>{children}</span>
    </p>
  )
}

/** The header above the steps, once the calendar is in. */
export function Header({ s }: Props) {
  const info = s.info.value
  if (!info) return null
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
  return (
    <div class="head">
      <h2 part="heading">{info.name}</h2>
      <Line icon="clock">{s.minutes(info.durationMinutes)}</Line>
      {who && <Line icon="person">{who}</Line>}
      {location && (
        <Line icon={location.kind}>
          {t[`place_${location.kind}`]}
          {/* An address keeps its own direction inside a right-to-left line (its leading number stays put). */}
          {location.label && ' · '}
          {location.label && <bdi>{location.label}</bdi>}
        </Line>
      )}
      {info.description && <p class="muted desc">{info.description}</p>}
    </div>
  )
}
