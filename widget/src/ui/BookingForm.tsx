/**
 * The last two steps: the visitor's details, validated inline with the contract's schema, and the submit;
 * then the confirmation of what was booked, with calendar links.
 */
import { HONEYPOT_FIELD } from '../../../proxy/src/contract.ts'
import { dayKeyer, formatLongDay } from '../dates.ts'
import type { FormValues } from '../form.ts'
import { bookingIcs, googleCalendarUrl, icsHref } from '../ics.ts'
import type { BookingState } from '../state.ts'
import { CHALLENGE_SLOT } from '../turnstile.ts'
import { renderNotice } from './Flow.tsx'

type TextField = Exclude<keyof FormValues, 'consent' | 'honeypot'>

/** The text fields in order, with their autocomplete token (which for e-mail and phone is also the input type). */
const FIELDS: Record<TextField, string | undefined> = {
  firstName: 'given-name',
  lastName: 'family-name',
  email: 'email',
  phone: 'tel',
  notes: undefined,
}

/**
 * What every field shares: its value, its ARIA state, and an input handler that writes the value and clears the
 * field's error. `error` is the inline message, referenced by the field's `aria-describedby`.
 */
function fieldBasics(state: BookingState, name: keyof FormValues) {
  const error = state.errors[name]
  const checkbox = name === 'consent'
  return {
    props: {
      name: checkbox ? name : name === 'honeypot' ? HONEYPOT_FIELD : name,
      [checkbox ? 'checked' : 'value']: state.values[name],
      'aria-invalid': error ? ('true' as const) : undefined,
      'aria-describedby': error ? `${name}-error` : undefined,
      [checkbox ? 'onChange' : 'onInput']: (e: Event) => {
        const input = e.currentTarget as HTMLInputElement
        state.values = { ...state.values, [name]: checkbox ? input.checked : input.value }
        state.errors = { ...state.errors, [name]: undefined }
      },
    },
    error: error && (
      <p id={`${name}-error`} class="error">
        {error}
      </p>
    ),
  }
}

/** One labelled text field with its inline error; nothing when the calendar hides it. */
function renderField(state: BookingState, name: TextField) {
  const { t } = state
  const rule = name === 'phone' || name === 'notes' ? state.info!.form[name] : 'required'
  if (rule === 'hidden') return null
  const { props, error } = fieldBasics(state, name)
  const autoComplete = FIELDS[name]
  const input = { ...props, id: name, part: 'input', required: rule === 'required' }
  return (
    <div class="field">
      <label for={name}>
        {t[name]} {rule === 'optional' && <span class="muted">{t.optional}</span>}
      </label>
      {autoComplete ? (
        <input
          {...input}
          type={name === 'email' || name === 'phone' ? (autoComplete as 'text') : undefined}
          autoComplete={autoComplete}
        />
      ) : (
        <textarea {...input} maxLength={2000} />
      )}
      {error}
    </div>
  )
}

/** The details form for the chosen slot. */
export function renderForm(state: BookingState) {
  const { t, busy } = state
  const { consent } = state.info!.form
  const { start } = state.slot!
  const agreed = fieldBasics(state, 'consent')

  return (
    <div>
      <button onClick={state.back}>‹ {t.back}</button>
      <h3 tabIndex={-1} data-focus="form">
        {t.yourDetails}
      </h3>
      <p>
        {formatLongDay(state.day!, state.locale)}, {state.time(start)} ({state.zoneName(start)})
      </p>
      {renderNotice(state)}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          state.submit()
        }}
      >
        {(Object.keys(FIELDS) as TextField[]).map((name) => renderField(state, name))}
        {consent && (
          <div class="field">
            <label>
              <input type="checkbox" required {...agreed.props} />
              <span>{consent}</span>
            </label>
            {agreed.error}
          </div>
        )}
        {state.info!.form.turnstileSiteKey && (
          <div class="field">
            <slot name={CHALLENGE_SLOT} ref={state.challenge.ref} />
            {state.challenge.missing && <p class="error">{t.required}</p>}
          </div>
        )}
        <div class="hp" aria-hidden="true">
          <label for="hp">Website</label>
          <input id="hp" tabIndex={-1} autoComplete="off" {...fieldBasics(state, 'honeypot').props} />
        </div>
        <div class="actions">
          <button
            type="submit"
            class="primary"
            part="button"
            disabled={busy}
            aria-disabled={busy ? 'true' : undefined}
          >
            {t.book}
          </button>
        </div>
      </form>
    </div>
  )
}

/** The booking's summary in the visitor's zone, an "add to Google Calendar" link and an .ics download. */
export function renderConfirmation(state: BookingState) {
  const { t, time } = state
  const booking = state.booking!
  const { start, title } = booking
  const description = state.info?.description || title
  return (
    <div>
      <h3 tabIndex={-1} data-focus="done">
        {t.booked}
      </h3>
      <p>
        {title}: {formatLongDay(dayKeyer(state.zone)(start), state.locale)}, {time(start)} –{' '}
        {time(booking.end)} ({state.zoneName(start)})
      </p>
      <div class="actions">
        <a href={googleCalendarUrl(booking, description)} target="_blank" rel="noreferrer">
          {t.addGoogle}
        </a>
        <a href={icsHref(bookingIcs(booking, description, state.now()))} download="appointment.ics">
          {t.ics}
        </a>
      </div>
    </div>
  )
}
