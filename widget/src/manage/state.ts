/**
 * The state of one widget in manage mode, beside the booking flow's (state.ts), whose cells the month grid and the
 * times read: which screen shows, the booking as it stands, manage mode's words, the reason for cancelling.
 */
import { signal } from '@preact/signals'
import type { ManagedBooking } from '../../../contract/manage.ts'
import { manageEn } from '../../../contract/manage-messages.ts'
import type { State } from '../state.ts'

/**
 * The screens: `loading`, `failed` (the booking did not load; trying again may help), `refused` (the link cannot
 * be used: invalid or expired), `summary`, `pick` (a new time), `confirm` (the move), `moved`, `cancel` (the
 * reason, and the confirmation), `cancelled`.
 */
export type Screen =
  'loading' | 'failed' | 'refused' | 'summary' | 'pick' | 'confirm' | 'moved' | 'cancel' | 'cancelled'

/** Manage mode's words: English until the locale's arrive. */
export type ManageMessages = typeof manageEn

/** Creates manage mode's cells over the booking flow's state `s`. */
export function createManageState(s: State) {
  return {
    s,
    screen: signal<Screen>('loading'),
    booking: signal<ManagedBooking | null>(null),
    m: signal<ManageMessages>(manageEn),
    /** The reason for cancelling, as typed. */
    reason: signal(''),
    /** What the `refused` screen says. */
    refusal: signal(''),
  }
}

/** Manage mode's state, as its components see it. */
export type ManageState = ReturnType<typeof createManageState>

/** The longest reason for cancelling the proxy takes (contract/manage.ts, `CancelRequest`). */
export const CANCEL_REASON_MAX = 500
