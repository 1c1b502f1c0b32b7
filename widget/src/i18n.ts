/**
 * The widget's words in English, Spanish and German. Dates and times never appear here: Intl formats them.
 * Field messages in English come from the contract's schemas; other languages say `check` for a bad field.
 */
const en = {
  loading: 'Loading availability…',
  prevMonth: 'Previous month',
  nextMonth: 'Next month',
  nextAvailable: 'Next available',
  none: 'No free times in this period.',
  free: 'free times: {n}',
  timesOn: 'Times on {date}',
  timeZone: 'Time zone',
  yourDetails: 'Your details',
  firstName: 'First name',
  lastName: 'Last name',
  email: 'E-mail',
  phone: 'Phone',
  notes: 'Notes',
  optional: '(optional)',
  book: 'Book appointment',
  back: 'Back',
  fixErrors: 'Please correct the highlighted fields.',
  check: '',
  required: 'Please fill in this field',
  slotTaken: 'Sorry, that time was just taken. Please choose another time.',
  rateLimited: 'Too many requests. Please wait {s} seconds, then try again.',
  offline: 'You seem to be offline. Check your connection, then try again.',
  upstream: 'The calendar is not answering. Please try again in a moment.',
  failed: 'Something went wrong. Please try again.',
  retry: 'Try again',
  booked: 'You are booked',
  addGoogle: 'Add to Google Calendar',
  ics: 'Download .ics file',
  open: 'Book an appointment',
  close: 'Close',
}

/** The messages of one language. */
export type Messages = typeof en

const es: Messages = {
  loading: 'Cargando disponibilidad…',
  prevMonth: 'Mes anterior',
  nextMonth: 'Mes siguiente',
  nextAvailable: 'Próximo disponible',
  none: 'No hay horarios libres en este periodo.',
  free: 'horarios libres: {n}',
  timesOn: 'Horarios del {date}',
  timeZone: 'Zona horaria',
  yourDetails: 'Tus datos',
  firstName: 'Nombre',
  lastName: 'Apellido',
  email: 'Correo electrónico',
  phone: 'Teléfono',
  notes: 'Notas',
  optional: '(opcional)',
  book: 'Reservar cita',
  back: 'Atrás',
  fixErrors: 'Corrige los campos marcados.',
  check: 'Revisa este campo',
  required: 'Completa este campo',
  slotTaken: 'Lo sentimos, ese horario acaba de ocuparse. Elige otro.',
  rateLimited: 'Demasiadas solicitudes. Espera {s} segundos y vuelve a intentarlo.',
  offline: 'Parece que no tienes conexión. Compruébala y vuelve a intentarlo.',
  upstream: 'El calendario no responde. Vuelve a intentarlo en un momento.',
  failed: 'Algo salió mal. Vuelve a intentarlo.',
  retry: 'Reintentar',
  booked: 'Cita reservada',
  addGoogle: 'Añadir a Google Calendar',
  ics: 'Descargar archivo .ics',
  open: 'Reservar una cita',
  close: 'Cerrar',
}

const de: Messages = {
  loading: 'Verfügbarkeit wird geladen…',
  prevMonth: 'Voriger Monat',
  nextMonth: 'Nächster Monat',
  nextAvailable: 'Nächster freier Termin',
  none: 'Keine freien Termine in diesem Zeitraum.',
  free: 'freie Termine: {n}',
  timesOn: 'Termine am {date}',
  timeZone: 'Zeitzone',
  yourDetails: 'Ihre Angaben',
  firstName: 'Vorname',
  lastName: 'Nachname',
  email: 'E-Mail',
  phone: 'Telefon',
  notes: 'Anmerkungen',
  optional: '(optional)',
  book: 'Termin buchen',
  back: 'Zurück',
  fixErrors: 'Bitte korrigieren Sie die markierten Felder.',
  check: 'Bitte prüfen Sie dieses Feld',
  required: 'Bitte füllen Sie dieses Feld aus',
  slotTaken: 'Dieser Termin wurde gerade vergeben. Bitte wählen Sie einen anderen.',
  rateLimited: 'Zu viele Anfragen. Bitte warten Sie {s} Sekunden und versuchen Sie es erneut.',
  offline: 'Sie scheinen offline zu sein. Prüfen Sie die Verbindung und versuchen Sie es erneut.',
  upstream: 'Der Kalender antwortet nicht. Bitte versuchen Sie es gleich noch einmal.',
  failed: 'Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.',
  retry: 'Erneut versuchen',
  booked: 'Ihr Termin ist gebucht',
  addGoogle: 'Zu Google Kalender hinzufügen',
  ics: '.ics-Datei herunterladen',
  open: 'Termin buchen',
  close: 'Schließen',
}

const catalog: Record<string, Messages> = { en, es, de }

/** The messages for a locale (its language, else English). */
export const messagesFor = (locale: string): Messages => catalog[locale.slice(0, 2).toLowerCase()] ?? en

/** Fills `{name}` placeholders. */
export const fill = (message: string, values: Record<string, string | number>): string =>
  message.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k]))
