/**
 * What is being booked: the calendar's name, its length, who the visitor meets and where, and its description.
 * The first screen (widget.js) draws the name, the length and the description; who and where (Meeting.tsx, with
 * an icon per kind of place and their words) come with the full widget, which would not fit widget.js's budget.
 */
import type { ComponentChildren } from 'preact'
import type { Props } from './Flow.tsx'

/** One line of the header: an icon (a path drawn with the `.icon` stroke on a 24 px grid), then its text. */
export function Line({ icon, children }: { icon: string; children: ComponentChildren }) {
  return (
    <p class="meta">
      <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
        <path d={icon} />
      </svg>
      {/* One flex item, so an address set apart from its kind wraps as one text. */}
      <span>{children}</span>
    </p>
  )
}

/** The header above the steps, once the calendar is in. */
export function Header(props: Props) {
  const { s } = props
  const info = s.info.value
  if (!info) return null
  // Who and where, once the full widget has taken over (s.parts).
  const { Meeting } = s.parts.value
  return (
    <div class="head">
      <h2 part="heading">{info.name}</h2>
      <Line icon="M12 3a9 9 0 1 0 0 18 9 9 0 1 0 0-18m0 4v5l3 2">{s.minutes(info.durationMinutes)}</Line>
      {Meeting && <Meeting {...props} />}
      {info.description && <p class="muted desc">{info.description}</p>}
    </div>
  )
}
