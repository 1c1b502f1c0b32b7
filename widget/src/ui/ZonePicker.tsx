/** The time zone in use, always shown; a picker unless the site locked it. */
import { timeZones, zoneName } from '../dates.ts'
import type { BookingState } from '../state.ts'

/** Shows (and lets the visitor change) the zone every time is displayed in. */
export function ZonePicker({ state }: { state: BookingState }) {
  const { t, locale } = state
  const zone = state.zone.value
  const name = zoneName(zone, locale)
  if (state.config.lockTimeZone) {
    return (
      <p class="zone muted">
        {t.timeZone}: {zone.replace(/_/g, ' ')} ({name})
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
          <option value={z}>{z.replace(/_/g, ' ')}</option>
        ))}
      </select>{' '}
      <span id="zone-name" class="muted">
        {name}
      </span>
    </div>
  )
}
