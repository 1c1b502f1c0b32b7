/**
 * Manage mode's English messages (widget/src/manage/): a booking opened from its link, rescheduled or cancelled.
 * Apart from messages.ts's `en`, in a module of its own, so that a widget that only books does not carry them
 * (the full widget's module holds all of messages.ts); every catalog has these keys too, after `en`'s.
 */
export const manageEn = {
  manageLoading: 'Loading your appointment…',
  yourAppointment: 'Your appointment',
  reschedule: 'Reschedule',
  cancel: 'Cancel appointment',
  changeUntil: 'You can change it online until {time}.',
  pickNewTime: 'Choose a new time',
  currentTime: 'Your current time',
  confirmMove: 'Move your appointment?',
  from: 'From',
  to: 'To',
  confirmNewTime: 'Confirm the new time',
  chooseOther: 'Choose another time',
  moving: 'Moving your appointment…',
  moved: 'Your appointment is moved',
  movedText: 'The business has your new time. Your previous time is free again.',
  cancelQuestion: 'Cancel this appointment?',
  reason: 'Reason for cancelling',
  confirmCancel: 'Yes, cancel it',
  keep: 'No, keep it',
  cancelling: 'Cancelling your appointment…',
  cancelled: 'Your appointment is cancelled',
  cancelledText: 'The business has been told. The time is free again.',
  bookNew: 'Book a new time',
  // Why a change is not possible: the proxy's refusal codes.
  link_invalid:
    'This link does not work. Please use the link from your confirmation, or contact the business.',
  link_expired: 'This link has expired: the appointment is over.',
  change_too_late: 'It is too late to change this appointment online. Please contact the business.',
  reschedule_not_allowed: 'This appointment cannot be rescheduled online. Please contact the business.',
  cancel_not_allowed: 'This appointment cannot be cancelled online. Please contact the business.',
  booking_cancelled: 'This appointment has been cancelled.',
  booking_closed: 'This appointment can no longer be changed online.',
}
