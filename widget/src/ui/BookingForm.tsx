/** The second step: the visitor's details, validated inline with the contract's schema, and the submit. */
import { HONEYPOT_FIELD } from '../../../proxy/src/contract.ts'
import { formatLongDay, formatTime, zoneName } from '../dates.ts'
import type { FormValues } from '../form.ts'
import type { BookingState } from '../state.ts'
import { Notice } from './Notice.tsx'

type TextField = Exclude<keyof FormValues, 'consent' | 'honeypot'>

interface FieldProps {
  state: BookingState
  name: TextField
  type?: 'text' | 'email' | 'tel'
  autoComplete?: string
  rule?: 'required' | 'optional'
}

/** One labelled input with its inline error. */
function Field({ state, name, type = 'text', autoComplete, rule = 'required' }: FieldProps) {
  const error = state.errors.value[name]
  const common = {
    id: name,
    name,
    part: 'input',
    required: rule === 'required',
    value: state.values.value[name],
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': error ? `${name}-error` : undefined,
    onInput: (e: Event) => {
      state.values.value = { ...state.values.value, [name]: (e.currentTarget as HTMLInputElement).value }
      if (error) state.errors.value = { ...state.errors.value, [name]: undefined }
    },
  }
  return (
    <div class="field">
      <label for={name}>
        {state.t[name]} {rule === 'optional' && <span class="muted">{state.t.optional}</span>}
      </label>
      {name === 'notes' ? (
        <textarea {...common} maxLength={2000} />
      ) : (
        <input {...common} type={type as 'text'} autoComplete={autoComplete} />
      )}
      {error && (
        <p id={`${name}-error`} class="error">
          {error}
        </p>
      )}
    </div>
  )
}

/** The details form for the chosen slot. */
export function BookingForm({ state }: { state: BookingState }) {
  const { t, locale } = state
  const info = state.info.value!
  const slot = state.slot.value!
  const zone = state.zone.value
  const values = state.values.value
  const consentError = state.errors.value.consent
  const busy = state.busy.value

  const onSubmit = (e: Event) => {
    e.preventDefault()
    void state.submit()
  }

  return (
    <div>
      <button type="button" onClick={state.back}>
        ‹ {t.back}
      </button>
      <h3 tabIndex={-1} data-focus="form">
        {t.yourDetails}
      </h3>
      <p>
        {formatLongDay(state.day.value!, locale)},{' '}
        {formatTime(slot.start, locale, zone, state.config.hourCycle)} ({zoneName(zone, locale, slot.start)})
      </p>
      <Notice state={state} />
      <form noValidate onSubmit={onSubmit}>
        <Field state={state} name="firstName" autoComplete="given-name" />
        <Field state={state} name="lastName" autoComplete="family-name" />
        <Field state={state} name="email" type="email" autoComplete="email" />
        {info.form.phone !== 'hidden' && (
          <Field state={state} name="phone" type="tel" autoComplete="tel" rule={info.form.phone} />
        )}
        {info.form.notes !== 'hidden' && <Field state={state} name="notes" rule={info.form.notes} />}
        {info.form.consent && (
          <div class="field">
            <label class="check">
              <input
                type="checkbox"
                name="consent"
                required
                checked={values.consent}
                aria-invalid={consentError ? 'true' : undefined}
                aria-describedby={consentError ? 'consent-error' : undefined}
                onChange={(e) => {
                  state.values.value = { ...state.values.value, consent: e.currentTarget.checked }
                  state.errors.value = { ...state.errors.value, consent: undefined }
                }}
              />
              <span>{info.form.consent}</span>
            </label>
            {consentError && (
              <p id="consent-error" class="error">
                {consentError}
              </p>
            )}
          </div>
        )}
        <div class="hp" aria-hidden="true">
          <label for="hp">Website</label>
          <input
            id="hp"
            name={HONEYPOT_FIELD}
            tabIndex={-1}
            autoComplete="off"
            value={values.honeypot}
            onInput={(e) => (state.values.value = { ...state.values.value, honeypot: e.currentTarget.value })}
          />
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
