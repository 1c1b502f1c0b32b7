/**
 * The zone picker once the widget has loaded: unless the site locked the zone, a combobox after the WAI-ARIA APG
 * "editable combobox with list autocomplete": type part of a city, region or offset, arrows move through the
 * matches, Enter picks, Escape closes. The visitor's detected zone comes first, then every zone grouped by
 * region, each with its current offset. The field itself is ZoneField.tsx, which the first screen draws closed.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { browserTimeZone } from '../dates.ts'
import { zoneOption, zoneOptions, type ZoneOption } from '../zones.ts'
import type { Props } from './Flow.tsx'
import { zoneLabel, ZoneField } from './ZoneField.tsx'

/** The zone picker, or the locked zone's name. */
export function ZonePicker(props: Props) {
  const { s, a } = props
  const t = s.t.value
  const zone = s.zone.value
  const at = s.now()
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

  const onKeyDown = (e: KeyboardEvent) => {
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

  const combo = {
    open,
    value: open ? query : zoneLabel(t, zoneOption(zone, at)),
    active: open && flat[active] ? `zone-${active}` : undefined,
    onClick: () => !open && setQuery(''),
    onInput: (e: Event) => {
      setQuery((e.currentTarget as HTMLInputElement).value)
      setActive(0)
    },
    onKeyDown,
    onBlur: () => setQuery(null),
  }
  return (
    <ZoneField {...props} combo={combo}>
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
    </ZoneField>
  )
}
