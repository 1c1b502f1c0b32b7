/** The time zone in use, always shown; a picker unless the site locked it. */
import { timeZones } from '../dates.ts'
import type { BookingState } from '../state.ts'

/** A zone id as people read it: `America/New York`. */
const readable = (zone: string) => zone.replace(/_/g, ' ')

/** Shows (and lets the visitor change) the zone every time is displayed in. */
export function ZonePicker({ state }: { state: BookingState }) {
  const { t, zone } = state
  const name = state.zoneName()
  if (state.config.lockTimeZone) {
    return (
      <p class="zone muted">
        {t.timeZone}: {readable(zone)} ({name})
      </p>
    )
  }
  return (
    <div class="zone">
      <label for="zone">{t.timeZone}</label>
      <select
        id="zone"
        aria-describedby="zone-name"
        value={zone}
        onChange={(e) => state.setZone(e.currentTarget.value)}
      >
        {timeZones(zone).map((z) => (
          <option value={z}>{readable(z)}</option>
        ))}
      </select>{' '}
      <span id="zone-name" class="muted">
        {name}
      </span>
    </div>
  )
}
