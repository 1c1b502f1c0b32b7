/**
 * The zone every time is shown in, as the first screen draws it: the picker closed (or, when the site locked the
 * zone, its name). ZonePicker.tsx renders the same field with the combobox's state once the widget has loaded,
 * so taking over changes no element.
 */
import type { ComponentChildren } from 'preact'
import { zoneName } from '../dates.ts'
import { fill, type Messages } from '../i18n.ts'
import { zoneOption, type ZoneOption } from '../zones.ts'
import type { Props } from './Flow.tsx'

/** A zone as the closed picker shows it: `New York (GMT-04:00)`, bracketed the language's way. */
export const zoneLabel = (t: Messages, o: ZoneOption) =>
  fill(t.zoneInBrackets, { text: o.city, zone: o.offset })

/** The combobox's state and handlers, from ZonePicker; without them the field is closed. */
export interface Combo {
  open: boolean
  value: string
  /** The id of the active option, while open. */
  active?: string
  onClick(): void
  onInput(e: Event): void
  onKeyDown(e: KeyboardEvent): void
  onBlur(): void
}

/** The zone field: label, combobox input, `children` (the open list) and the zone's long name. */
export function ZoneField({ s, combo, children }: Props & { combo?: Combo; children?: ComponentChildren }) {
  const t = s.t.value
  const zone = s.zone.value
  const at = s.now()
  const label = zoneLabel(t, zoneOption(zone, at))
  const name = zoneName(zone, s.locale, at)
  if (s.config.value.lockTimeZone)
    return (
      <p class="zone muted">
        {fill(t.zoneLocked, { zone: label })}
        <br />
        {name}
      </p>
    )
  return (
    <div class="zone">
      <label for="zone" id="zone-label">
        {t.timeZone}
      </label>
      <div class="combo">
        <input
          id="zone"
          part="input"
          role="combobox"
          autoComplete="off"
          spellcheck={false}
          aria-autocomplete="list"
          aria-expanded={combo?.open ? 'true' : 'false'}
          aria-controls="zones"
          aria-activedescendant={combo?.active}
          aria-describedby="zone-name"
          placeholder={t.zoneSearch}
          value={combo?.value ?? label}
          onClick={combo?.onClick}
          onInput={combo?.onInput}
          onKeyDown={combo?.onKeyDown}
          onBlur={combo?.onBlur}
        />
        <svg class="icon caret" viewBox="0 0 24 24" aria-hidden="true">
          <path d="M6 9l6 6 6-6" />
        </svg>
      </div>
      {children}
      <p id="zone-name" class="muted">
        {name}
      </p>
    </div>
  )
}
