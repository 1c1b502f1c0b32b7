/** The second step: the visitor's details, validated inline with the contract's schema, and the submit. */
import { HONEYPOT_FIELD } from '../../../proxy/src/contract.ts'
import { formatLongDay } from '../dates.ts'
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

/** Writes one form value and clears that field's error. */
const setValue = (state: BookingState, name: keyof FormValues, value: string | boolean) => {
  state.values = { ...state.values, [name]: value }
  state.errors = { ...state.errors, [name]: undefined }
}

/** The inline error of a field, referenced by its `aria-describedby`. */
const FieldError = ({ name, error }: { name: string; error?: string }) =>
  error ? (
    <p id={`${name}-error`} class="error">
      {error}
    </p>
  ) : null

/** The ARIA state of a field with or without an error. */
const invalid = (name: string, error?: string) => ({
  'aria-invalid': error ? ('true' as const) : undefined,
  'aria-describedby': error ? `${name}-error` : undefined,
})

/** One labelled input with its inline error. */
function Field({ state, name, type, autoComplete, rule = 'required' }: FieldProps) {
  const error = state.errors[name]
  const props = {
    id: name,
    name,
    part: 'input',
    required: rule === 'required',
    value: state.values[name],
    ...invalid(name, error),
    onInput: (e: Event) => setValue(state, name, (e.currentTarget as HTMLInputElement).value),
  }
  return (
    <div class="field">
      <label for={name}>
        {state.t[name]} {rule === 'optional' && <span class="muted">{state.t.optional}</span>}
      </label>
      {name === 'notes' ? (
        <textarea {...props} maxLength={2000} />
      ) : (
        <input {...props} type={type as 'text'} autoComplete={autoComplete} />
      )}
      <FieldError name={name} error={error} />
    </div>
  )
}

/** The details form for the chosen slot. */
export function BookingForm({ state }: { state: BookingState }) {
  const { t, values, busy } = state
  const { form } = state.info!
  const { start } = state.slot!
  const consentError = state.errors.consent

  return (
    <div>
      <button type="button" onClick={state.back}>
        ‹ {t.back}
      </button>
      <h3 tabIndex={-1} data-focus="form">
        {t.yourDetails}
      </h3>
      <p>
        {formatLongDay(state.day!, state.locale)}, {state.time(start)} ({state.zoneName(start)})
      </p>
      <Notice state={state} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          state.submit()
        }}
      >
        <Field state={state} name="firstName" autoComplete="given-name" />
        <Field state={state} name="lastName" autoComplete="family-name" />
        <Field state={state} name="email" type="email" autoComplete="email" />
        {form.phone !== 'hidden' && (
          <Field state={state} name="phone" type="tel" autoComplete="tel" rule={form.phone} />
        )}
        {form.notes !== 'hidden' && <Field state={state} name="notes" rule={form.notes} />}
        {form.consent && (
          <div class="field">
            <label>
              <input
                type="checkbox"
                name="consent"
                required
                checked={values.consent}
                {...invalid('consent', consentError)}
                onChange={(e) => setValue(state, 'consent', e.currentTarget.checked)}
              />
              <span>{form.consent}</span>
            </label>
            <FieldError name="consent" error={consentError} />
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
            onInput={(e) => setValue(state, 'honeypot', e.currentTarget.value)}
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
