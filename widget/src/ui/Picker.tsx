/** The first step: the calendar's title, the month grid beside the chosen day's times, and the zone. */
import { localeWeekStart } from '../dates.ts'
import type { BookingState } from '../state.ts'
import { MonthGrid } from './MonthGrid.tsx'
import { Notice } from './Notice.tsx'
import { SlotList } from './SlotList.tsx'
import { ZonePicker } from './ZonePicker.tsx'

/** Choosing a day and a time. */
export function Picker({ state }: { state: BookingState }) {
  const weekStart = state.config.weekStart ?? localeWeekStart(state.locale)
  return (
    <div>
      <Notice state={state} />
      <div class="cols">
        <MonthGrid state={state} weekStart={weekStart} />
        <SlotList state={state} />
      </div>
      <ZonePicker state={state} />
    </div>
  )
}
