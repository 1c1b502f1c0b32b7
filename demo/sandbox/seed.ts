/**
 * Deterministic seed data: one location in a zone with daylight saving; its three users; two personal calendars,
 * a round robin and a class with seats, all bookable, each meeting somewhere else (video, in person, phone); and a
 * draft.
 */
import type { SandboxCalendar, SandboxContact, SandboxState, SandboxUser } from './model.ts'
import { SANDBOX_OAUTH } from './oauth-ids.ts'
import { addDays, formatDate, wallTime, weekday } from './zoned-time.ts'

/** The fixed identities of the sandbox, for tests, the demo and the proxy's sites file. */
export const SANDBOX = {
  /** The only bearer token accepted (a Private Integration Token belongs to one location). */
  token: 'pit-sandbox-token',
  locationId: 'loc-sandbox',
  timeZone: 'America/New_York',
  calendars: {
    consultation: 'cal-consultation',
    session: 'cal-session',
    /** Round robin of two members: Ava (priority 1) and Ben (0.5). */
    team: 'cal-team',
    /** A class with one host and three seats per slot. */
    groupClass: 'cal-class',
  },
  /** A draft (inactive) calendar: listed with `showDrafted`, never offers slots. */
  draftCalendar: 'cal-draft',
  /** The location's users, the calendars' team members, by id. */
  users: { ava: 'usr-ava', ben: 'usr-ben', cleo: 'usr-cleo' },
  /** A contact that exists before any booking (upsert by its email or phone finds it). */
  contact: { id: 'ctc-seed-jane', email: 'jane.existing@example.com', phone: '+12125550100' },
  /** The Marketplace app of the OAuth model (oauth.ts): client, agency, locations, lifetimes. */
  oauth: SANDBOX_OAUTH,
} as const

const WEEKDAYS = [1, 2, 3, 4, 5]
/** Where the strategy session meets in person. */
const STUDIO_ADDRESS = '12 Harbor Street, Suite 4, New York, NY 10001'
const hours = (openHour: number, closeHour: number) => ({
  openHour,
  openMinute: 0,
  closeHour,
  closeMinute: 0,
})

/** Fields every seeded calendar shares. */
function baseCalendar(): Omit<SandboxCalendar, 'id' | 'name' | 'description' | 'slug' | 'widgetSlug'> {
  return {
    locationId: SANDBOX.locationId,
    groupId: 'grp-sandbox',
    calendarType: 'personal',
    widgetType: 'default',
    eventTitle: '{{contact.name}}',
    eventColor: '#039be5',
    isActive: true,
    teamMembers: [{ userId: 'usr-ava', priority: 0.5, isPrimary: true }],
    slotDuration: 30,
    slotDurationUnit: 'mins',
    slotInterval: 30,
    slotIntervalUnit: 'mins',
    slotBuffer: 0,
    slotBufferUnit: 'mins',
    preBuffer: 0,
    preBufferUnit: 'mins',
    appoinmentPerSlot: 1,
    allowBookingAfter: 0,
    allowBookingAfterUnit: 'hours',
    allowBookingFor: 60,
    allowBookingForUnit: 'days',
    openHours: [{ daysOfTheWeek: WEEKDAYS, hours: [hours(9, 17)] }],
    availabilities: [],
    autoConfirm: true,
    allowReschedule: true,
    allowCancellation: true,
    formSubmitType: 'ThankYouMessage',
    formSubmitThanksMessage: 'Thank you! Your booking is confirmed.',
  }
}

/** The first Saturday at least a week after the clock's date (location time), as a custom-availability date. */
function extraSaturday(now: number): string {
  let date = addDays(wallTime(now, SANDBOX.timeZone), 7)
  while (weekday(date) !== 6) date = addDays(date, 1)
  return `${formatDate(date)}T00:00:00.000Z`
}

/**
 * The calendars: consultation (30 min, no notice), session (60 min, buffers, 24 h notice), a round robin (30 min),
 * a class (60 min, three seats), and a draft.
 */
export function seedCalendars(now: number): SandboxCalendar[] {
  return [
    {
      ...baseCalendar(),
      id: SANDBOX.calendars.consultation,
      name: 'Free consultation',
      description: 'A 30-minute call to see how we can help.',
      slug: 'free-consultation',
      widgetSlug: 'free-consultation',
      // A video call: GHL makes the link; the deprecated pair still carries it, and it must never reach a visitor.
      teamMembers: [
        {
          userId: 'usr-ava',
          priority: 0.5,
          isPrimary: true,
          locationConfigurations: [{ kind: 'google_conference', meetingId: 'gmeet_usr-ava' }],
          meetingLocationType: 'gmeet',
          meetingLocation: 'https://meet.google.com/ava-sandbox-room',
        },
      ],
      // One Saturday morning opens as a custom date, so custom availability shows up in the demo.
      availabilities: [{ date: extraSaturday(now), hours: [hours(10, 13)], deleted: false }],
    },
    {
      ...baseCalendar(),
      id: SANDBOX.calendars.session,
      name: 'Strategy session',
      description: 'A 60-minute working session. Book at least a day ahead.',
      slug: 'strategy-session',
      widgetSlug: 'strategy-session',
      teamMembers: [
        {
          userId: 'usr-ben',
          priority: 0.5,
          isPrimary: true,
          locationConfigurations: [{ kind: 'physical', location: STUDIO_ADDRESS }],
        },
      ],
      slotDuration: 60,
      preBuffer: 15,
      slotBuffer: 15,
      allowBookingAfter: 24,
      allowBookingAfterUnit: 'hours',
      openHours: [{ daysOfTheWeek: WEEKDAYS, hours: [hours(9, 12), hours(13, 17)] }],
      consentLabel: 'I agree to be contacted about my booking.',
    },
    {
      ...baseCalendar(),
      id: SANDBOX.calendars.team,
      name: 'Intro call',
      description: 'A 30-minute call with whoever of our team is free.',
      slug: 'intro-call',
      widgetSlug: 'intro-call',
      calendarType: 'round_robin',
      eventType: 'RoundRobin_OptimizeForAvailability',
      // A phone call whoever takes it: Ava's number to call, or Ben calls the visitor.
      teamMembers: [
        {
          userId: 'usr-ava',
          priority: 1,
          isPrimary: true,
          locationConfigurations: [{ kind: 'inbound_call', location: '+12125550142' }],
        },
        {
          userId: 'usr-ben',
          priority: 0.5,
          isPrimary: false,
          locationConfigurations: [{ kind: 'outbound_call' }],
        },
      ],
    },
    {
      ...baseCalendar(),
      id: SANDBOX.calendars.groupClass,
      name: 'Group class',
      description: 'A 60-minute class for up to three people, Tuesday and Thursday evenings.',
      slug: 'group-class',
      widgetSlug: 'group-class',
      calendarType: 'class_booking',
      teamMembers: [
        {
          userId: 'usr-cleo',
          priority: 0.5,
          isPrimary: true,
          locationConfigurations: [{ kind: 'ms_teams_conference', meetingId: 'teams_usr-cleo' }],
        },
      ],
      slotDuration: 60,
      slotInterval: 60,
      appoinmentPerSlot: 3,
      openHours: [{ daysOfTheWeek: [2, 4], hours: [hours(18, 20)] }],
    },
    {
      ...baseCalendar(),
      id: SANDBOX.draftCalendar,
      name: 'Team workshop (draft)',
      description: 'Not published yet.',
      slug: 'team-workshop',
      widgetSlug: 'team-workshop',
      isActive: false,
    },
  ]
}

/** The location's users: every calendar's members. */
export function seedUsers(): SandboxUser[] {
  const user = (id: string, firstName: string, lastName: string, role: 'admin' | 'user'): SandboxUser => ({
    id,
    name: `${firstName} ${lastName}`,
    firstName,
    lastName,
    email: `${firstName.toLowerCase()}@sandbox.example`,
    phone: '+12125550100',
    roles: { type: 'account', role, locationIds: [SANDBOX.locationId] },
  })
  return [
    user(SANDBOX.users.ava, 'Ava', 'Smith', 'admin'),
    user(SANDBOX.users.ben, 'Ben', 'Okafor', 'user'),
    user(SANDBOX.users.cleo, 'Cleo', 'Martin', 'user'),
  ]
}

/** The contact that exists before any booking. */
export function seedContacts(now: number): SandboxContact[] {
  const added = new Date(now - 30 * 86_400_000).toISOString()
  return [
    {
      id: SANDBOX.contact.id,
      locationId: SANDBOX.locationId,
      name: 'Jane Existing',
      firstName: 'Jane',
      lastName: 'Existing',
      email: SANDBOX.contact.email,
      emailLowerCase: SANDBOX.contact.email,
      phone: SANDBOX.contact.phone,
      timezone: SANDBOX.timeZone,
      source: 'seed',
      tags: ['customer'],
      customFields: [],
      dateAdded: added,
      dateUpdated: added,
    },
  ]
}

/** A fresh state for the clock's current time: same input, same data. */
export function createSeed(now: number): SandboxState {
  return {
    location: {
      id: SANDBOX.locationId,
      companyId: 'cmp-sandbox',
      name: 'Sandbox Studio',
      timezone: SANDBOX.timeZone,
      email: 'hello@sandbox.example',
      phone: '+12125550199',
      country: 'US',
    },
    calendars: new Map(seedCalendars(now).map((c) => [c.id, c])),
    users: new Map(seedUsers().map((u) => [u.id, u])),
    contacts: new Map(seedContacts(now).map((c) => [c.id, c])),
    appointments: new Map(),
  }
}
