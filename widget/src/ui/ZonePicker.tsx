/**
 * The zone every time is shown in, always visible; unless the site locked it, a combobox after the WAI-ARIA APG
 * "editable combobox with list autocomplete": type part of a city, region or offset, arrows move through the
 * matches, Enter picks, Escape closes. The visitor's detected zone comes first, then every zone grouped by
 * region, each with its current offset.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { browserTimeZone, zoneName } from '../dates.ts'
import { fill } from '../i18n.ts'
import { zoneOption, zoneOptions, type ZoneOption } from '../zones.ts'
import type { Props } from './Flow.tsx'

/** The zone picker, or the locked zone's name. */
export function ZonePicker({ s, a }: Props) {
  const t = s.t.value
  const zone = s.zone.value
  const at = s.now()
  const current = zoneOption(zone, at)
  // The zone as the closed picker shows it: `New York (GMT-04:00)`, bracketed the language's way.
  const label = fill(t.zoneInBrackets, { text: current.city, zone: current.offset })
  const name = zoneName(zone, s.locale, at)
  // null while the list is closed; the typed filter while it is open.
  const [query, setQuery] = useState<string | null>(null)
  const [active, setActive] = useState(0)
  const list = useRef<HTMLDivElement>(null)
  const open = query !== null
  const all = useMemo(() => (open ? zoneOptions(zone, at) : []), [open])
  const detected = browserTimeZone()

  const q = (query ?? '').trim().toLowerCase()
  const matches = all.filter((o) => o.search.includes(q))
  const first = matches.filter((o) => o.id === detected)
  const groups: [string, ZoneOption[]][] = first.length ? [[t.zoneDetected, first]] : []
  let last: [string, ZoneOption[]] | undefined
  for (const o of matches) {
    if (o.id === detected) continue
    if (last?.[0] !== o.region) groups.push((last = [o.region, []]))
    last[1].push(o)
  }
  const flat = groups.flatMap(([, options]) => options)

  useEffect(() => {
    list.current?.querySelector('.active')?.scrollIntoView({ block: 'nearest' })
  }, [active, open])

  const choose = (id: string) => {
    setQuery(null)
    a.setZone(id)
  }

  const onKey = (e: KeyboardEvent) => {
    const move = { ArrowDown: 1, ArrowUp: -1 }[e.key]
    if (move) {
      e.preventDefault()
      if (!open) setQuery('')
      else setActive(Math.max(0, Math.min(flat.length - 1, active + move)))
    } else if (e.key === 'Enter' && open) {
      e.preventDefault()
      if (flat[active]) choose(flat[active]!.id)
    } else if (e.key === 'Escape' && open) {
      // Closes the list, not the popup dialog around the widget.
      e.preventDefault()
      e.stopPropagation()
      setQuery(null)
    }
  }

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
          aria-expanded={open ? 'true' : 'false'}
          aria-controls="zones"
          aria-activedescendant={open && flat[active] ? `zone-${active}` : undefined}
          aria-describedby="zone-name"
          placeholder={t.zoneSearch}
          value={open ? query : label}
          onClick={() => !open && setQuery('')}
          onInput={(e) => {
            setQuery(e.currentTarget.value)
            setActive(0)
          }}
          onKeyDown={onKey}
          onBlur={() => setQuery(null)}
        />
        <svg class="icon caret" viewBox="0 0 24 24" aria-hidden="true">
          <path d="M6 9l6 6 6-6" />
        </svg>
      </div>
      {open && (
        <div class="list" role="listbox" id="zones" aria-labelledby="zone-label" ref={list}>
          {groups.map(([name, options], g) => (
            <ul role="group" aria-labelledby={`zone-group-${g}`}>
              <li role="presentation" class="group" id={`zone-group-${g}`}>
                {name}
              </li>
              {options.map((o) => {
                const i = flat.indexOf(o)
                return (
                  <li
                    role="option"
                    id={`zone-${i}`}
                    class={i === active ? 'active' : undefined}
                    aria-selected={o.id === zone ? 'true' : 'false'}
                    // The input keeps focus: a press on an option must not blur it first.
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={() => choose(o.id)}
                  >
                    {o.city} <span class="muted">{o.offset}</span>
                  </li>
                )
              })}
            </ul>
          ))}
        </div>
      )}
      {open && !flat.length && <p class="muted">{t.zoneNone}</p>}
      <p id="zone-name" class="muted">
        {name}
      </p>
    </div>
  )
}
