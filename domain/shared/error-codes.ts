/**
 * The error codes every domain shares, with the sentence that documents each. A domain keeps
 * its own catalogue beside its errors (users, orders, inventory...); adapters/http gives each
 * code its status. Codes are stable strings (not classes) because `instanceof` does not
 * survive a process boundary.
 */
export const sharedErrorCodes = {
  'VALIDATION.FAILED': 'The input did not pass validation; details lists every bad field.',
  'PAGINATION.INVALID_CURSOR': 'The cursor was not issued by this API or has been tampered with.',
} as const;

export type SharedErrorCode = keyof typeof sharedErrorCodes;
