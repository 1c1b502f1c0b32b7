/**
 * The widget's words in English, Spanish and German. Dates and times never appear here: Intl formats them.
 * Field messages in English come from the contract's schemas; other languages say `check` for a bad field.
 * Each language is one `|`-separated string in the order of KEYS: the keys are written once, not three times,
 * which keeps the bundle within its size budget (test/widget-size.test.ts).
 */
const KEYS = [
  'loading',
  'prevMonth',
  'nextMonth',
  'nextAvailable',
  'none',
  'free',
  'timesOn',
  'timeZone',
  'yourDetails',
  'firstName',
  'lastName',
  'email',
  'phone',
  'notes',
  'optional',
  'book',
  'back',
  'check',
  'required',
  // Messages for the failures of these codes; `invalid_request` also when the form has errors.
  'invalid_request',
  'slot_taken',
  'rate_limited',
  'offline',
  'upstream_unavailable',
  'failed',
  'retry',
  'booked',
  'addGoogle',
  'ics',
  'open',
  'close',
] as const

/** The messages of one language, by key. */
export type Messages = Record<(typeof KEYS)[number], string>

const catalog: Record<string, string> = {
  en:
    'Loading availability…|Previous month|Next month|Next available|No free times in this period.|' +
    'free times: {n}|Times on {date}|Time zone|Your details|First name|Last name|E-mail|Phone|Notes|' +
    '(optional)|Book appointment|Back||Please fill in this field|Please correct the highlighted fields.|' +
    'Sorry, that time was just taken. Please choose another time.|' +
    'Too many requests. Please wait {s} seconds, then try again.|' +
    'You seem to be offline. Check your connection, then try again.|' +
    'The calendar is not answering. Please try again in a moment.|Something went wrong. Please try again.|' +
    'Try again|You are booked|Add to Google Calendar|Download .ics file|Book an appointment|Close',
  es:
    'Cargando disponibilidad…|Mes anterior|Mes siguiente|Próximo disponible|' +
    'No hay horarios libres en este periodo.|horarios libres: {n}|Horarios del {date}|Zona horaria|' +
    'Tus datos|Nombre|Apellido|Correo electrónico|Teléfono|Notas|(opcional)|Reservar cita|Atrás|' +
    'Revisa este campo|Completa este campo|Corrige los campos marcados.|' +
    'Lo sentimos, ese horario acaba de ocuparse. Elige otro.|' +
    'Demasiadas solicitudes. Espera {s} segundos y vuelve a intentarlo.|' +
    'Parece que no tienes conexión. Compruébala y vuelve a intentarlo.|' +
    'El calendario no responde. Vuelve a intentarlo en un momento.|Algo salió mal. Vuelve a intentarlo.|' +
    'Reintentar|Cita reservada|Añadir a Google Calendar|Descargar archivo .ics|Reservar una cita|Cerrar',
  de:
    'Verfügbarkeit wird geladen…|Voriger Monat|Nächster Monat|Nächster freier Termin|' +
    'Keine freien Termine in diesem Zeitraum.|freie Termine: {n}|Termine am {date}|Zeitzone|Ihre Angaben|' +
    'Vorname|Nachname|E-Mail|Telefon|Anmerkungen|(optional)|Termin buchen|Zurück|' +
    'Bitte prüfen Sie dieses Feld|Bitte füllen Sie dieses Feld aus|' +
    'Bitte korrigieren Sie die markierten Felder.|Dieser Termin wurde gerade vergeben. Bitte wählen Sie einen anderen.|' +
    'Zu viele Anfragen. Bitte warten Sie {s} Sekunden und versuchen Sie es erneut.|' +
    'Sie scheinen offline zu sein. Prüfen Sie die Verbindung und versuchen Sie es erneut.|' +
    'Der Kalender antwortet nicht. Bitte versuchen Sie es gleich noch einmal.|' +
    'Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.|Erneut versuchen|Ihr Termin ist gebucht|' +
    'Zu Google Kalender hinzufügen|.ics-Datei herunterladen|Termin buchen|Schließen',
}

/** The messages for a locale (its language, else English). */
export const messagesFor = (locale: string): Messages => {
  const words = (catalog[locale.slice(0, 2).toLowerCase()] ?? catalog.en!).split('|')
  return Object.fromEntries(KEYS.map((key, i) => [key, words[i]])) as Messages
}

/** Fills `{name}` placeholders. */
export const fill = (message: string, values: Record<string, string | number>): string =>
  message.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k]))
