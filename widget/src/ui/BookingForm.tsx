/**
 * The visitor's details for the chosen time, validated inline with the contract's schema, and the submit,
 * which shows that the booking is on its way (busy, a spinner, the label saying so) while keeping focus.
 */
import { HONEYPOT_FIELD } from '../../../contract/schemas.ts'
import { NOTES_MAX, type FormValues } from '../form.ts'
import { CHALLENGE_SLOT } from '../turnstile.ts'
// The form's part brings its challenge along (parts.ts): one module to fetch.
export { createChallenge } from '../turnstile.ts'
import { plural } from '../i18n.ts'
import { Chevron } from './MonthGrid.tsx'
import { Notice, type Props } from './Flow.tsx'

/** Languages that write the family name before the given name. */
const FAMILY_FIRST = /^ja\b/i

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
 * What every field shares: its value, its ARIA state, and an input handler that writes the value (clearing the
 * field's error). `error` is the inline message, referenced by the field's `aria-describedby` with `hint`.
 */
function fieldBasics({ s, a }: Props, name: keyof FormValues, hint?: string) {
  const error = s.errors.value[name]
  const checkbox = name === 'consent'
  const described = [error && `${name}-error`, hint].filter(Boolean).join(' ')
  return {
    props: {
      name: name === 'honeypot' ? HONEYPOT_FIELD : name,
      [checkbox ? 'checked' : 'value']: s.values.value[name],
      'aria-invalid': error ? ('true' as const) : undefined,
      'aria-describedby': described || undefined,
      [checkbox ? 'onChange' : 'onInput']: (e: Event) => {
        const input = e.currentTarget as HTMLInputElement
        a.setField(name, checkbox ? input.checked : input.value)
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
function Field({ name, ...props }: Props & { name: TextField }) {
  const { s } = props
  const t = s.t.value
  const rule = name === 'phone' || name === 'notes' ? s.info.value!.form[name] : 'required'
  if (rule === 'hidden') return null
  const notes = name === 'notes'
  const { props: field, error } = fieldBasics(props, name, notes ? 'notes-limit' : undefined)
  const autoComplete = FIELDS[name]
  const input = { ...field, id: name, part: 'input', required: rule === 'required' }
  const left = NOTES_MAX - s.values.value.notes.length
  const ltr = name === 'email' || name === 'phone'
  return (
    <div class="field">
      <label for={name}>
        {t[name]} {rule === 'optional' && <span class="muted">{t.optional}</span>}
      </label>
      {autoComplete ? (
        <input
          {...input}
          type={ltr ? (autoComplete as 'text') : undefined}
          // An address or a number reads left to right, in a right-to-left page too.
          dir={ltr ? 'ltr' : undefined}
          autoComplete={autoComplete}
        />
      ) : (
        // No maxLength: a pasted text is not cut without a word; the counter and the check say what to do.
        <textarea {...input} rows={3} />
      )}
      {error}
      {notes && (
        <p id="notes-limit" class={`hint${left < 0 ? ' over' : ''}`}>
          {left < NOTES_MAX
            ? plural(t.left, Math.max(0, left), s.locale)
            : plural(t.limit, NOTES_MAX, s.locale)}
        </p>
      )}
    </div>
  )
}

/** The details form for the chosen slot. */
export function BookingForm(props: Props) {
  const { s, a } = props
  const t = s.t.value
  const busy = s.busy.value
  const { consent } = s.info.value!.form
  const { start } = s.slot.value!
  const agreed = fieldBasics(props, 'consent')
  const challenge = s.parts.value.challenge!
  const order = Object.keys(FIELDS) as TextField[]
  // Japanese writes (and so asks for) the family name first.
  if (FAMILY_FIRST.test(s.locale)) order.splice(0, 2, 'lastName', 'firstName')

  return (
    <div>
      <button class="link back" onClick={a.back}>
        <Chevron to={-1} /> {t.back}
      </button>
      <h3 tabIndex={-1} data-focus="form">
        {t.yourDetails}
      </h3>
      <p class="chosen">{s.zoned(s.dayTime(start), start)}</p>
      <Notice {...props} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          a.submit()
        }}
      >
        {order.map((name) => (
          <Field {...props} name={name} />
        ))}
        {consent && (
          <div class="field">
            <label class="check">
              <input type="checkbox" required {...agreed.props} />
              <span>{consent}</span>
            </label>
            {agreed.error}
          </div>
        )}
        <div class="hp" aria-hidden="true">
          <label for="hp">Website</label>
          <input id="hp" tabIndex={-1} autoComplete="off" {...fieldBasics(props, 'honeypot').props} />
        </div>
        {s.info.value!.form.turnstileSiteKey && (
          // The bot check renders in the host page (see turnstile.ts) and shows here through the slot.
          <div class="field">
            <slot name={CHALLENGE_SLOT} ref={challenge.ref} />
            {challenge.missing.value && (
              <p class="error" role="alert">
                {t.challenge}
              </p>
            )}
          </div>
        )}
        <div class="actions">
          <button
            type="submit"
            class="primary"
            part="button"
            // Not `disabled`: a disabled button drops focus to <body>. submit() ignores a second press.
            aria-disabled={busy ? 'true' : undefined}
            aria-busy={busy ? 'true' : undefined}
          >
            {busy && <span class="spinner" aria-hidden="true" />}
            {busy ? t.booking : t.book}
          </button>
        </div>
      </form>
    </div>
  )
}
